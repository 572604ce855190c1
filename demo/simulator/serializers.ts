/** Stored records as the Service API renders them (pure). */
import type { Conversation, StoredMessage } from './store.ts';

/** `SimpleConversation`. */
export function conversationJson(conversation: Conversation): Record<string, unknown> {
  return {
    id: conversation.id,
    name: conversation.name,
    inputs: conversation.inputs,
    status: conversation.status,
    introduction: conversation.introduction,
    created_at: conversation.createdAt,
    updated_at: conversation.updatedAt,
  };
}

/** A GET /messages item; `feedback` is the caller's own. */
export function messageJson(message: StoredMessage): Record<string, unknown> {
  return {
    id: message.id,
    conversation_id: message.conversationId,
    parent_message_id: message.parentMessageId,
    inputs: message.inputs,
    query: message.query,
    answer: message.answer,
    message_files: message.messageFiles,
    feedback: message.feedback === null ? null : { rating: message.feedback.rating },
    retriever_resources: message.retrieverResources,
    agent_thoughts: message.agentThoughts,
    status: message.status,
    error: message.error,
    created_at: message.createdAt,
  };
}

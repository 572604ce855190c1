/** Stored records as the Service API renders them (pure). */
import { requiredData } from './human-input.ts';
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

/** A chatflow's human-input records (§6.1): the form, and what answered it (with `submitted_data` on main). */
function extraContents(message: StoredMessage, withSubmittedData: boolean): Record<string, unknown>[] {
  const record = message.humanInput;
  if (record === undefined) return [];
  return record.forms.map((form) => {
    const submission = form.submission;
    const answered =
      submission === undefined
        ? null
        : {
            node_id: form.node.nodeId,
            node_title: form.node.title,
            rendered_content: submission.renderedContent,
            action_id: submission.actionId,
            action_text: submission.actionText,
            ...(withSubmittedData ? { submitted_data: submission.inputs } : {}),
          };
    return {
      workflow_run_id: record.workflowRunId,
      submitted: submission !== undefined,
      form_definition: requiredData(form),
      form_submission_data: answered,
      type: 'human_input',
    };
  });
}

/** A GET /messages item, keys in the order of capture 20; `feedback` is the caller's own. */
export function messageJson(message: StoredMessage, withSubmittedData: boolean): Record<string, unknown> {
  return {
    id: message.id,
    conversation_id: message.conversationId,
    parent_message_id: message.parentMessageId,
    inputs: message.inputs,
    query: message.query,
    answer: message.answer,
    feedback: message.feedback === null ? null : { rating: message.feedback.rating },
    retriever_resources: message.retrieverResources,
    created_at: message.createdAt,
    agent_thoughts: message.agentThoughts,
    message_files: message.messageFiles,
    status: message.status,
    error: message.error,
    extra_contents: extraContents(message, withSubmittedData),
  };
}

/** The records the simulator stores, as plain data. */
import type { HumanInputForm } from './human-input.ts';
import type { FormValues } from './input-form.ts';

export interface EndUser {
  id: string;
  appKey: string;
  sessionId: string;
}

export interface Conversation {
  id: string;
  appKey: string;
  endUserId: string;
  name: string;
  inputs: FormValues;
  introduction: string;
  status: 'normal';
  createdAt: number;
  updatedAt: number;
  /** Tie-breaking sort keys: Dify stores sub-second timestamps, we expose seconds. */
  createdOrder: number;
  updatedOrder: number;
  deleted: boolean;
}

export interface MessageFile {
  id: string;
  filename: string;
  type: string;
  url: string;
  mime_type: string;
  size: number;
  transfer_method: string;
  belongs_to: 'user' | 'assistant';
  upload_file_id: string | null;
}

export interface AgentThought {
  id: string;
  chain_id: null;
  message_id: string;
  position: number;
  thought: string;
  tool: string;
  tool_labels: Record<string, unknown>;
  tool_input: string;
  created_at: number;
  observation: string;
  files: string[];
}

export interface Feedback {
  id: string;
  rating: 'like' | 'dislike';
  content: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoredMessage {
  id: string;
  appKey: string;
  endUserId: string;
  conversationId: string | null;
  parentMessageId: string | null;
  inputs: FormValues;
  query: string;
  answer: string;
  messageFiles: MessageFile[];
  feedback: Feedback | null;
  retrieverResources: Record<string, unknown>[];
  agentThoughts: AgentThought[];
  /** `paused`: a chatflow waiting for human input (§6.1). */
  status: 'normal' | 'error' | 'paused';
  error: string | null;
  /** The human-input forms of the chatflow run that answers this message (`extra_contents`, §6.1). */
  humanInput?: { workflowRunId: string; forms: HumanInputForm[] };
  createdAt: number;
  order: number;
}

export interface UploadedFile {
  id: string;
  appKey: string;
  name: string;
  size: number;
  extension: string;
  mimeType: string;
  createdBy: string;
  createdAt: number;
  bytes: Buffer;
}

export type ConversationSort = 'created_at' | '-created_at' | 'updated_at' | '-updated_at';

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

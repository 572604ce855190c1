/** Frames of the message-based modes: chat, completion and agent-chat (envelope keys in Dify's order). */
import { randomUUID } from 'node:crypto';
import type { Frame, StreamShape } from './generation.ts';
import { epochSeconds } from './http.ts';
import { retrieverResources, usageFor } from './metadata.ts';
import type { AgentThought } from './records.ts';

/** Ids every frame of one answer carries; `conversationId` is null for completion apps. */
export interface AnswerIds {
  taskId: string;
  messageId: string;
  conversationId: string | null;
  createdAt: number;
}

export interface AnswerContext {
  ids: AnswerIds;
  query: string;
  withSources: boolean;
  startedAtMs: number;
}

/** `{usage, retriever_resources}` for an answer, with the latency measured so far. */
export function answerMetadata(context: AnswerContext, answer: string): Record<string, unknown> {
  const latency = (Date.now() - context.startedAtMs) / 1000;
  return { usage: usageFor(context.query, answer, latency), retriever_resources: retrieverResources(context.withSources) };
}

function head(ids: AnswerIds, event: string): Frame {
  return ids.conversationId === null
    ? { event, message_id: ids.messageId, created_at: ids.createdAt }
    : { event, conversation_id: ids.conversationId, message_id: ids.messageId, created_at: ids.createdAt };
}

/** The chat-family envelope: event, conversation_id, message_id, created_at, then task_id. */
export function envelope(ids: AnswerIds, event: string): Frame {
  return { ...head(ids, event), task_id: ids.taskId };
}

/** Dify's mid-stream `error` frame: the envelope without task_id, then code, status, message. */
export function errorFrame(ids: AnswerIds, message: string): Frame {
  return { ...head(ids, 'error'), code: 'completion_request_error', status: 400, message };
}

/** The final `message_end` frame. */
export function messageEndFrame(context: AnswerContext, answer: string, files: unknown[] | null): Frame {
  const { ids } = context;
  return { ...envelope(ids, 'message_end'), id: ids.messageId, metadata: answerMetadata(context, answer), files };
}

/** Chat and completion: `message` deltas, then `message_end`. */
export function plainShape(context: AnswerContext, fromVariableSelector: string[] | null = null): StreamShape {
  const { ids } = context;
  return {
    opening: () => [],
    delta: (text) => ({ ...envelope(ids, 'message'), id: ids.messageId, answer: text, from_variable_selector: fromVariableSelector }),
    completed: (answer) => [messageEndFrame(context, answer, null)],
    stopped: (answer) => [messageEndFrame(context, answer, null)],
    failed: (_answer, message) => [errorFrame(ids, message)],
  };
}

const clockTool = 'current_time';
const clockLabels = { [clockTool]: { en_US: 'Current Time', zh_Hans: '获取当前时间' } };

/** Agent-chat: thought 1 uses a clock tool, thought 2 carries the `agent_message` answer. */
export class AgentShape implements StreamShape {
  readonly thoughts: AgentThought[];

  constructor(private readonly context: AnswerContext) {
    const now = epochSeconds();
    const blank = (position: number): AgentThought => ({
      id: randomUUID(),
      chain_id: null,
      message_id: context.ids.messageId,
      position,
      thought: '',
      tool: '',
      tool_labels: {},
      tool_input: '',
      created_at: now,
      observation: '',
      files: [],
    });
    this.thoughts = [blank(1), blank(2)];
  }

  opening(): Frame[] {
    const [first, second] = this.thoughts;
    if (first === undefined || second === undefined) return [];
    const frames = [this.thoughtFrame(first)];
    first.thought = 'I should check the clock before answering.';
    first.tool = clockTool;
    first.tool_labels = clockLabels;
    first.tool_input = JSON.stringify({ [clockTool]: { timezone: 'UTC' } });
    frames.push(this.thoughtFrame(first));
    first.observation = JSON.stringify({ [clockTool]: new Date().toISOString() });
    frames.push(this.thoughtFrame(first), this.thoughtFrame(second));
    return frames;
  }

  delta(text: string): Frame {
    return { ...envelope(this.context.ids, 'agent_message'), id: this.context.ids.messageId, answer: text };
  }

  completed(answer: string): Frame[] {
    const second = this.thoughts[1];
    const frames: Frame[] = [];
    if (second !== undefined) {
      second.thought = answer;
      frames.push(this.thoughtFrame(second));
    }
    frames.push(messageEndFrame(this.context, answer, null));
    return frames;
  }

  stopped(answer: string): Frame[] {
    return this.completed(answer);
  }

  failed(_answer: string, message: string): Frame[] {
    return [errorFrame(this.context.ids, message)];
  }

  private thoughtFrame(thought: AgentThought): Frame {
    return {
      ...envelope(this.context.ids, 'agent_thought'),
      id: thought.id,
      position: thought.position,
      thought: thought.thought,
      observation: thought.observation,
      tool: thought.tool,
      tool_labels: thought.tool_labels,
      tool_input: thought.tool_input,
      message_files: thought.files,
    };
  }
}

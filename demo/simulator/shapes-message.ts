/** Frames and scripts of the message-based modes: chat, completion and `agent` (envelope keys in Dify's order). */
import { deltaSteps, frameStep, type Frame, type Script, type ScriptEnding } from './generation.ts';
import { messageMetadata, retrieverResources, usageFor, zeroUsage } from './metadata.ts';
import { isModerated, moderatedReply, type AnswerPlan } from './scenarios.ts';

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
  /** No model ran (the `agent` runtime, a chatflow without an LLM node, a saved reply): usage is all zeros. */
  zeroUsage?: boolean;
  /** The saved reply (annotation) that answered, as `metadata.annotation_reply` shows it. */
  annotation?: Record<string, unknown>;
}

/** `{annotation_reply, retriever_resources, usage}` for an answer, with the latency measured so far. */
export function answerMetadata(context: AnswerContext, answer: string): Record<string, unknown> {
  const latency = (Date.now() - context.startedAtMs) / 1000;
  const usage = context.zeroUsage === true ? zeroUsage(latency) : usageFor(context.query, answer, latency);
  return messageMetadata(usage, retrieverResources(context.withSources), context.annotation ?? null);
}

function head(ids: AnswerIds, event: string): Frame {
  return ids.conversationId === null
    ? { event, message_id: ids.messageId, created_at: ids.createdAt }
    : { event, conversation_id: ids.conversationId, message_id: ids.messageId, created_at: ids.createdAt };
}

/** The chat-family envelope: event, conversation_id, message_id, created_at, then task_id (§4.3). */
export function envelope(ids: AnswerIds, event: string): Frame {
  return { ...head(ids, event), task_id: ids.taskId };
}

/** Dify's mid-stream `error` frame: the envelope without task_id, then code, status, message (§4.4). */
export function errorFrame(ids: AnswerIds, message: string): Frame {
  return { ...head(ids, 'error'), code: 'completion_request_error', status: 400, message };
}

/** The final `message_end` frame; easy-UI apps send `files: null`, chatflows an array (§4.4, §4.5). */
export function messageEndFrame(context: AnswerContext, answer: string, files: unknown[] | null): Frame {
  const { ids } = context;
  return { ...envelope(ids, 'message_end'), id: ids.messageId, metadata: answerMetadata(context, answer), files };
}

/** A text delta: `message`, or the `message_file` text variant, which carries the same fields (§4.4). */
export function textFrame(ids: AnswerIds, text: string, event: 'message' | 'message_file' = 'message', selector: unknown = null): Frame {
  return { ...envelope(ids, event), id: ids.messageId, answer: text, from_variable_selector: selector };
}

/** An assistant file, as the `message_file` file frame shows it (§4.4). */
export interface AssistantFile {
  id: string;
  type: string;
  url: string;
}

export function messageFileFrame(ids: AnswerIds, file: AssistantFile): Frame {
  return { ...envelope(ids, 'message_file'), id: file.id, type: file.type, belongs_to: 'assistant', url: file.url };
}

/** The script's ending for a plan (an approval is a flow's; a model just answers). */
export function endingOf(plan: AnswerPlan): ScriptEnding {
  if (plan.kind === 'error') return { kind: 'failed', message: plan.message };
  if (plan.kind === 'drop') return { kind: 'dropped' };
  if (plan.kind === 'stall') return { kind: 'stalled' };
  return { kind: 'completed' };
}

/**
 * Chat and completion: `message` deltas, then `message_end`, or an `error` frame. With an image first
 * (`scenario: image-first`), the file frame comes first and every text delta is a `message_file` with
 * `answer`: the pipeline picks the event name once, at the first chunk (§4.4).
 */
export function plainScript(context: AnswerContext, plan: AnswerPlan, image?: AssistantFile): Script {
  const { ids } = context;
  const event = image === undefined ? 'message' : 'message_file';
  const deltas = plan.kind === 'stall' ? [] : deltaSteps(plan.chunks, plan.gapMs, (text) => textFrame(ids, text, event), plan.firstGapMs);
  const opening = image === undefined || plan.kind === 'stall' ? [] : [frameStep(plan.openingGapMs, () => [messageFileFrame(ids, image)])];
  const ending = endingOf(plan);
  // Output moderation replaces the streamed answer before it ends; easy-UI apps send `reason: ""` (§4.4).
  const moderation =
    isModerated(context.query) && plan.kind === 'complete'
      ? [
          {
            gapMs: plan.gapMs,
            replace: moderatedReply,
            frames: () => [{ ...envelope(ids, 'message_replace'), answer: moderatedReply, reason: '' }],
          },
        ]
      : [];
  return {
    steps: [...opening, ...deltas, ...moderation],
    ending,
    finish: (answer) => (ending.kind === 'failed' ? [errorFrame(ids, ending.message)] : [messageEndFrame(context, answer, null)]),
    stopped: (answer) => [messageEndFrame(context, answer, null)],
  };
}

/**
 * The `agent` mode (main, §2): the Agent runtime works silently (only pings reach the client), then the whole
 * answer arrives as one `message` frame, then `message_end` with zero usage.
 */
export function agentRuntimeScript(context: AnswerContext, plan: AnswerPlan): Script {
  const { ids } = context;
  const ending = endingOf(plan);
  const chunks = plan.kind === 'stall' ? [] : plan.chunks;
  const workMs = plan.kind === 'stall' ? 0 : chunks.length * plan.gapMs;
  const whole = chunks.join('');
  const failed = ending.kind === 'failed';
  return {
    steps: failed ? [frameStep(workMs, () => [])] : [{ gapMs: workMs, text: whole, frames: () => [textFrame(ids, whole)] }],
    ending,
    finish: (answer) => (ending.kind === 'failed' ? [errorFrame(ids, ending.message)] : [messageEndFrame(context, answer, null)]),
    stopped: (answer) => [messageEndFrame(context, answer, null)],
  };
}

import { isRecord } from '../errors.ts';

/** What the proxy learns from a Dify stream as it passes (never the answer text). */
export interface StreamObservation {
  taskId?: string;
  conversationId?: string;
  messageId?: string;
  workflowRunId?: string;
  totalTokens?: number;
  totalPrice?: string;
  currency?: string;
  /** The event that ended the answer: message_end, workflow_finished, workflow_paused or error. */
  terminalEvent?: string;
  events: number;
}

const terminalEvents = new Set(['message_end', 'workflow_finished', 'workflow_paused', 'error']);

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function usageFrom(payload: Record<string, unknown>, observation: StreamObservation): void {
  const metadata = payload['metadata'];
  const usage = isRecord(metadata) ? metadata['usage'] : undefined;
  if (isRecord(usage)) {
    if (typeof usage['total_tokens'] === 'number') observation.totalTokens = usage['total_tokens'];
    observation.totalPrice = text(usage['total_price']) ?? observation.totalPrice;
    observation.currency = text(usage['currency']) ?? observation.currency;
  }
  const data = payload['data'];
  if (isRecord(data) && typeof data['total_tokens'] === 'number') observation.totalTokens = data['total_tokens'];
}

/** One SSE `data` payload as a JSON object; undefined for anything else (Dify's frames are always objects). */
export function parseFrame(data: string): Record<string, unknown> | undefined {
  try {
    const payload: unknown = JSON.parse(data);
    return isRecord(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

/** Folds one frame into the observation. Dify puts the event name inside the JSON. */
export function observeEvent(payload: Record<string, unknown>, observation: StreamObservation): void {
  observation.events += 1;
  observation.taskId ??= text(payload['task_id']);
  observation.conversationId ??= text(payload['conversation_id']);
  observation.messageId ??= text(payload['message_id']);
  observation.workflowRunId ??= text(payload['workflow_run_id']);
  const event = text(payload['event']);
  if (event === 'message_end' || event === 'workflow_finished') usageFrom(payload, observation);
  if (event !== undefined && terminalEvents.has(event) && observation.terminalEvent === undefined) observation.terminalEvent = event;
}

/** The envelope keys Dify puts on its frames, for the proxy's own error event. */
export function envelopeOf(observation: StreamObservation): Record<string, string> {
  const envelope: Record<string, string> = {};
  if (observation.conversationId !== undefined) envelope['conversation_id'] = observation.conversationId;
  if (observation.messageId !== undefined) envelope['message_id'] = observation.messageId;
  if (observation.taskId !== undefined) envelope['task_id'] = observation.taskId;
  if (observation.workflowRunId !== undefined) envelope['workflow_run_id'] = observation.workflowRunId;
  return envelope;
}

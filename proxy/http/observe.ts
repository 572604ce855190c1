import type { EnvelopeKey, TerminalEventName } from '../../shared/dify-wire.ts';
import { isRecord } from '../errors.ts';

/** What the proxy learns from a Dify stream as it passes (never the answer text). */
export interface StreamObservation {
  taskId?: string;
  conversationId?: string;
  messageId?: string;
  workflowRunId?: string;
  totalTokens?: number;
  /** Characters of the answer text (never the text itself): what reading it aloud costs. */
  answerChars?: number;
  totalPrice?: string;
  currency?: string;
  /** A `tts_message` passed: Dify read the answer aloud with the app's autoplay (dify-api.md §4.4). */
  spoken?: boolean;
  /** The event that ended the answer: message_end, workflow_finished, workflow_paused or error. */
  terminalEvent?: string;
  events: number;
}

/** Where the observation keeps each envelope key Dify repeats on an answer's frames (the task id first: it is what a stop needs). */
const envelopeFields = [
  ['taskId', 'task_id'],
  ['conversationId', 'conversation_id'],
  ['messageId', 'message_id'],
  ['workflowRunId', 'workflow_run_id'],
] as const satisfies readonly (readonly [keyof StreamObservation, EnvelopeKey])[];

const terminalEvents: ReadonlySet<string> = new Set<TerminalEventName>(['message_end', 'workflow_finished', 'workflow_paused', 'error']);

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

/** The `answer` string of a text frame's JSON, found without parsing the whole frame. */
const answerField = /"answer"\s*:\s*("(?:[^"\\]|\\.)*")/;

/**
 * Folds a text frame the reader did not parse into the observation: its count, the length of its answer
 * text (what reading the answer aloud is charged) and whether it was speech.
 */
export function observeSkipped(event: string, data: string, observation: StreamObservation): void {
  observation.events += 1;
  if (event === 'tts_message') observation.spoken = true;
  const answer = event === 'message' || event === 'agent_message' ? answerField.exec(data)?.[1] : undefined;
  if (answer === undefined) return;
  try {
    const text: unknown = JSON.parse(answer);
    if (typeof text === 'string') observation.answerChars = (observation.answerChars ?? 0) + text.length;
  } catch {
    // Not JSON after all: Dify's frames always are, so nothing of an answer is lost.
  }
}

/** Folds one frame into the observation. Dify puts the event name inside the JSON. */
export function observeEvent(payload: Record<string, unknown>, observation: StreamObservation): void {
  observation.events += 1;
  for (const [field, key] of envelopeFields) observation[field] ??= text(payload[key]);
  const event = text(payload['event']);
  if (event === 'message_end' || event === 'workflow_finished') usageFrom(payload, observation);
  const answer = payload['answer'];
  if ((event === 'message' || event === 'agent_message') && typeof answer === 'string')
    observation.answerChars = (observation.answerChars ?? 0) + answer.length;
  if (event !== undefined && terminalEvents.has(event) && observation.terminalEvent === undefined) observation.terminalEvent = event;
  if (event === 'tts_message') observation.spoken = true;
}

/** The envelope keys Dify puts on its frames, for the proxy's own error event. */
export function envelopeOf(observation: StreamObservation): Partial<Record<EnvelopeKey, string>> {
  const envelope: Partial<Record<EnvelopeKey, string>> = {};
  for (const [field, key] of envelopeFields) {
    const value = observation[field];
    if (value !== undefined) envelope[key] = value;
  }
  return envelope;
}

import type { AnswerState } from '../core/answer.ts';
import { isRecord, parseJson, readRecord, readString, type JsonRecord } from '../core/guards.ts';
import { readInputValues, type InputValues } from '../core/inputs.ts';
import type { WidgetModel, WidgetServices } from '../model/widget-model.ts';
import type { Rating } from '../shared/contract.ts';

/** Whose result: a completion app's and a workflow app's are kept apart (`${key}:completion`, `${key}:workflow`). */
export type KeptKind = 'completion' | 'workflow';

type KeptEnding = 'complete' | 'aborted' | 'failed';

/**
 * The last result of a completion or workflow app, kept across a reload for the session user who made
 * it (another visitor on the same browser has another user and sees none). A completion keeps only a
 * complete one; a workflow also a run the visitor stopped or that failed.
 */
export interface KeptResult {
  text: string;
  /** Absent in records from before workflows kept theirs: those were complete. */
  ending: KeptEnding;
  messageId?: string;
  /** What it was made from, as sent (a completion's More like this sends them again). */
  inputs?: Record<string, unknown>;
  /** The form as the visitor filled it in, to fill it in again. */
  form?: InputValues;
  rating: Rating | null;
  /** A workflow run's final outputs (`workflow_finished`). */
  outputs?: JsonRecord;
  /** Why it failed, in Dify's words. */
  error?: string;
}

const keyOf = (services: WidgetServices, kind: KeptKind) => `${services.key}:${kind}`;

function readForm(value: unknown): InputValues | undefined {
  if (!isRecord(value)) return undefined;
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The kept result, when it belongs to the session user now; anything malformed reads as none. */
export function readKeptResult(services: WidgetServices, kind: KeptKind): KeptResult | undefined {
  let stored: unknown;
  try {
    stored = parseJson(services.store.getItem(keyOf(services, kind)) ?? '');
  } catch {
    return undefined;
  }
  const user = services.state.read().session?.user;
  if (!isRecord(stored) || !user || readString(stored, 'user') !== user) return undefined;
  const text = readString(stored, 'text');
  if (text === undefined) return undefined;
  const ending = stored.ending === 'aborted' || stored.ending === 'failed' ? stored.ending : 'complete';
  const kept: KeptResult = { text, ending, rating: stored.rating === 'like' || stored.rating === 'dislike' ? stored.rating : null };
  const messageId = readString(stored, 'messageId');
  if (messageId) kept.messageId = messageId;
  const inputs = readInputValues(stored.inputs);
  if (inputs) kept.inputs = inputs;
  const form = readForm(stored.form);
  if (form) kept.form = form;
  const outputs = readRecord(stored, 'outputs');
  if (outputs) kept.outputs = outputs;
  const error = readString(stored, 'error');
  if (error) kept.error = error;
  return kept;
}

/** What to keep of a settled answer; undefined while it runs, or when it ended otherwise (a lost connection). */
export function keptFrom(answer: AnswerState, rating: Rating | null): KeptResult | undefined {
  const { ending } = answer;
  if (ending !== 'complete' && ending !== 'aborted' && ending !== 'failed') return undefined;
  const kept: KeptResult = { text: answer.text, ending, rating };
  if (answer.messageId) kept.messageId = answer.messageId;
  const outputs = answer.metadata?.outputs;
  if (isRecord(outputs)) kept.outputs = outputs;
  if (answer.problem?.detail) kept.error = answer.problem.detail;
  return kept;
}

/** Keeps `kept` for the session user, in place of the one before (best effort: a full or refused storage keeps none). */
export function keepResult(services: WidgetServices, kind: KeptKind, kept: KeptResult): void {
  const user = services.state.read().session?.user;
  if (!user) return;
  try {
    services.store.setItem(keyOf(services, kind), JSON.stringify({ ...kept, user }));
  } catch {
    // As the widget's own state: persistence is best effort.
  }
}

/** The answer a kept result is shown as. */
export function keptAnswer(kept: KeptResult): AnswerState {
  const answer: AnswerState = { status: kept.ending === 'failed' ? 'error' : 'ready', ending: kept.ending, text: kept.text };
  if (kept.messageId) answer.messageId = kept.messageId;
  if (kept.outputs) answer.metadata = { outputs: kept.outputs };
  // Read back, any failure is told as the run's, in Dify's words: what the transport knew then (a retry delay) is stale.
  if (kept.ending === 'failed')
    answer.problem = { kind: 'run-failed', code: 'workflow_failed', ...(kept.error ? { detail: kept.error } : {}) };
  return answer;
}

/** Fills the form in again as it was for the kept result, for the fields the visitor still fills in. */
export function refillForm(model: WidgetModel, form: InputValues): void {
  for (const { variable } of model.formFields.peek()) {
    const value = form[variable];
    if (value !== undefined) model.setInputValue(variable, value);
  }
}

import type { AnswerState } from '../core/answer.ts';
import { isRecord, parseJson, readString } from '../core/guards.ts';
import { readInputValues } from '../core/inputs.ts';
import type { WidgetServices } from '../model/widget-model.ts';
import type { Rating } from '../shared/contract.ts';

/** The last completed result, kept across a reload for the session user who generated it. */
export interface KeptResult {
  text: string;
  messageId?: string;
  inputs?: Record<string, unknown>;
  rating: Rating | null;
}

const keyOf = (services: WidgetServices) => `${services.key}:completion`;

/** The kept result, when it belongs to the session user now; anything malformed reads as none. */
export function readKeptResult(services: WidgetServices): KeptResult | undefined {
  let stored: unknown;
  try {
    stored = parseJson(services.store.getItem(keyOf(services)) ?? '');
  } catch {
    return undefined;
  }
  const user = services.state.read().session?.user;
  if (!isRecord(stored) || !user || readString(stored, 'user') !== user) return undefined;
  const text = readString(stored, 'text');
  if (text === undefined) return undefined;
  const kept: KeptResult = { text, rating: stored.rating === 'like' || stored.rating === 'dislike' ? stored.rating : null };
  const messageId = readString(stored, 'messageId');
  if (messageId) kept.messageId = messageId;
  const inputs = readInputValues(stored.inputs);
  if (inputs) kept.inputs = inputs;
  return kept;
}

/** Keeps `kept` for the session user (best effort: a full or refused storage keeps it in memory only). */
export function keepResult(services: WidgetServices, kept: KeptResult): void {
  const user = services.state.read().session?.user;
  if (!user) return;
  try {
    services.store.setItem(keyOf(services), JSON.stringify({ ...kept, user }));
  } catch {
    // As the widget's own state: persistence is best effort.
  }
}

/** The answer a kept result is shown as. */
export function keptAnswer(kept: KeptResult): AnswerState {
  return { status: 'ready', ending: 'complete', text: kept.text, ...(kept.messageId ? { messageId: kept.messageId } : {}) };
}

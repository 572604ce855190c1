import { isRecord } from '../errors.ts';

/**
 * What the proxy relayed to a visitor and so lets them act on: a human-input form, a task to stop, a
 * message to read aloud. Dify checks no owner on the form endpoints, the workflow stop or text-to-audio
 * (dify-api.md §3, §11.2), so the proxy answers those only for the visitor whose stream carried the id.
 */
export type ReceiptKind = 'form' | 'task' | 'message';

/** In memory for one instance, or in Redis so that a stop or form answer may reach any instance. */
export interface Receipts {
  bind(kind: ReceiptKind, id: string, owner: string, expiresAtMs: number): Promise<void>;
  /** Rejects (503) when the shared store cannot be reached. */
  ownerOf(kind: ReceiptKind, id: string): Promise<string | undefined>;
  /** Keeps how many characters a message's answer had, for as long as its receipt lives (what reading it aloud costs). */
  noteAnswerLength(messageId: string, chars: number): Promise<void>;
  answerLength(messageId: string): Promise<number | undefined>;
}

/** Whose a receipt is: the app and the visitor (app ids may repeat message ids across Dify instances). */
export const receiptOwner = (appId: string, user: string) => `${appId}:${user}`;

const day = 24 * 3600 * 1000;

/** How long each kind stays answerable: Dify forgets an unanswered form after 7 days at most (§11.2). */
export const longestLifeMs: Readonly<Record<ReceiptKind, number>> = { form: 7 * day, task: day, message: 30 * day };

/** In memory, oldest first out beyond `capacity`, each receipt dropped once it has expired. */
export function createReceipts(capacity = 100_000, now: () => number = Date.now): Receipts {
  const receipts = new Map<string, { owner: string; expiresAtMs: number }>();
  const lengths = new Map<string, number>();
  return {
    noteAnswerLength(messageId, chars) {
      lengths.delete(messageId);
      lengths.set(messageId, chars);
      if (lengths.size > capacity) lengths.delete(lengths.keys().next().value ?? '');
      return Promise.resolve();
    },
    answerLength: (messageId) => Promise.resolve(lengths.get(messageId)),
    bind(kind, id, owner, expiresAtMs) {
      const key = `${kind}:${id}`;
      // Every frame of an answer repeats its task and message: the first one counts.
      if (kind !== 'form' && receipts.get(key)?.owner === owner) return Promise.resolve();
      receipts.delete(key);
      receipts.set(key, { owner, expiresAtMs: Math.min(expiresAtMs, now() + longestLifeMs[kind]) });
      for (const oldest of receipts.keys()) {
        if (receipts.size <= capacity) break;
        receipts.delete(oldest);
      }
      return Promise.resolve();
    },
    ownerOf(kind, id) {
      const receipt = receipts.get(`${kind}:${id}`);
      return Promise.resolve(receipt === undefined || receipt.expiresAtMs < now() ? undefined : receipt.owner);
    },
  };
}

function formsIn(frame: Readonly<Record<string, unknown>>, data: Record<string, unknown>): unknown[] {
  if (frame['event'] === 'human_input_required') return [data];
  const reasons = frame['event'] === 'workflow_paused' ? data['reasons'] : undefined;
  return Array.isArray(reasons) ? reasons : [];
}

/** The receipts one stream frame hands its visitor: its task, its message, and the forms it asks them to fill. */
export function receiptsIn(frame: Readonly<Record<string, unknown>>): { kind: ReceiptKind; id: string; expiresAtMs: number }[] {
  const found: { kind: ReceiptKind; id: string; expiresAtMs: number }[] = [];
  const forever = Number.POSITIVE_INFINITY;
  if (typeof frame['task_id'] === 'string') found.push({ kind: 'task', id: frame['task_id'], expiresAtMs: forever });
  if (typeof frame['message_id'] === 'string') found.push({ kind: 'message', id: frame['message_id'], expiresAtMs: forever });
  const data = frame['data'];
  for (const form of isRecord(data) ? formsIn(frame, data) : []) {
    if (!isRecord(form) || typeof form['form_token'] !== 'string' || form['form_token'] === '') continue;
    const expires = form['expiration_time'];
    found.push({ kind: 'form', id: form['form_token'], expiresAtMs: typeof expires === 'number' ? expires * 1000 : forever });
  }
  return found;
}

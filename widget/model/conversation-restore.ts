import type { AnswerState } from '../core/answer.ts';
import { isRecord, readString } from '../core/guards.ts';
import type { HistoryPage } from '../core/history.ts';
import { readInputValues } from '../core/inputs.ts';
import type { StoredPause } from '../core/persisted-state.ts';
import type { ProxyClient } from '../core/proxy-client.ts';
import type { Turn } from './turn.ts';

// `/conversations` is sorted by last update, so the conversation just reopened is on its first page.
const conversationsQuery = { limit: '100', sort_by: '-updated_at' };

/**
 * The inputs a conversation's messages are sent with, when the widget has none stored (a record from
 * an older widget, or a conversation started on another device): the newest message's (`/messages`
 * items carry the inputs they were sent with, §6.1), else the conversation's own (its first message's,
 * §7.1). Undefined when Dify has neither: the form's values are sent, as before.
 */
export async function inputsOfConversation(
  client: ProxyClient,
  id: string,
  page: HistoryPage | undefined,
): Promise<Record<string, unknown> | undefined> {
  const fromMessages = page?.items.findLast((item) => item.inputs !== undefined)?.inputs;
  if (fromMessages) return fromMessages;
  try {
    const body = await client.getJson('conversations', conversationsQuery);
    const list = isRecord(body) && Array.isArray(body.data) ? body.data.filter(isRecord) : [];
    return readInputValues(list.find((conversation) => readString(conversation, 'id') === id)?.inputs);
  } catch {
    // Not knowing them is no worse than before: the next message says what is missing, if anything.
    return undefined;
  }
}

/** The forms to show again: the stored ones when they belong to this answer, else those Dify listed with the message. */
function pauseToReopen(answer: AnswerState, stored: StoredPause | undefined): StoredPause | undefined {
  if (stored && (stored.messageId === undefined || stored.messageId === answer.messageId)) return stored;
  return answer.pause;
}

/**
 * After a reload, shows the forms the last answer still waits on: re-read from Dify, so one answered
 * or expired meanwhile is shown closed. Returns the answer as it now is, for the caller to store.
 */
export async function restorePause(client: ProxyClient, last: Turn, stored: StoredPause | undefined): Promise<AnswerState> {
  const answer = last.answer.peek();
  const pause = answer.ending === 'paused' ? pauseToReopen(answer, stored) : undefined;
  if (!pause || pause.forms.length === 0) return answer;
  const { reopenPause } = await import('../human-input/form-run.ts');
  const reopened: AnswerState = { ...last.answer.peek(), pause: await reopenPause(client, pause) };
  last.answer.value = reopened;
  return reopened;
}

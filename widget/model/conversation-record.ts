import type { AnswerState } from '../core/answer.ts';
import type { StateStore, StoredConversation } from '../core/persisted-state.ts';

/** Stores the conversation to reopen after a reload, or forgets it (undefined). */
export function saveConversation(state: StateStore, conversation: StoredConversation | undefined): void {
  state.update(({ conversation: _previous, ...rest }) => (conversation ? { ...rest, conversation } : rest));
}

/**
 * Keeps the forms a settled answer waits on with the stored conversation, so a reload shows them
 * again; any other ending forgets them (the conversation has moved on).
 */
export function savePause(state: StateStore, answer: AnswerState): void {
  const pause = answer.ending === 'paused' && answer.pause?.forms.length ? answer.pause : undefined;
  state.update((stored) => {
    if (!stored.conversation) return stored;
    const { pause: _previous, ...conversation } = stored.conversation;
    if (!pause) return { ...stored, conversation };
    return { ...stored, conversation: { ...conversation, pause: answer.messageId ? { ...pause, messageId: answer.messageId } : pause } };
  });
}

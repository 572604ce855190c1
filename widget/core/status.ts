/**
 * The life of one answer. `submitted`: sent, nothing back yet. `streaming`: text is arriving.
 * `ready` and `error` are terminal; their `ending` says why the answer stopped.
 */
export type AnswerStatus = 'submitted' | 'streaming' | 'ready' | 'error';

/**
 * The ways an answer can end besides completing, kept apart because the UI treats them apart: the
 * visitor stopped it (`aborted`, no error shown), the stream ended without a final event
 * (`disconnected`, offer Retry), the server or the app reported a problem (`failed`, offer Retry), or
 * a chatflow waits for the visitor to answer a form (`paused`, show the form).
 */
export type AnswerEnding = 'complete' | 'aborted' | 'disconnected' | 'failed' | 'paused';

/** What happened to the answer, as seen by the status machine. */
export type StatusInput = 'delta' | 'end' | 'abort' | 'disconnect' | 'fail' | 'pause';

export interface StatusState {
  status: AnswerStatus;
  ending?: AnswerEnding;
}

const endings: Record<Exclude<StatusInput, 'delta'>, Required<StatusState>> = {
  end: { status: 'ready', ending: 'complete' },
  abort: { status: 'ready', ending: 'aborted' },
  disconnect: { status: 'error', ending: 'disconnected' },
  fail: { status: 'error', ending: 'failed' },
  pause: { status: 'ready', ending: 'paused' },
};

/** True once an answer can no longer change (later frames, such as TTS after `message_end`, are ignored). */
export function isSettled(status: AnswerStatus): boolean {
  return status === 'ready' || status === 'error';
}

/**
 * The status after `input`. Settled answers never move again, so a late abort or a frame after
 * `message_end` cannot reopen or re-end an answer: retrying creates a new answer instead, and a
 * paused answer is reopened on purpose (`resumedAnswer`) before the run that continues it.
 */
export function nextStatus(current: StatusState, input: StatusInput): StatusState {
  if (isSettled(current.status)) return current;
  if (input === 'delta') return current.status === 'streaming' ? current : { status: 'streaming' };
  return endings[input];
}

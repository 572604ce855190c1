import { useSignalEffect } from '@preact/signals';
import { useRef, useState } from 'preact/hooks';
import type { AnswerState } from '../core/answer.ts';
import { isSettled } from '../core/status.ts';
import { catalogue } from '../i18n/catalogue.ts';
import { describeProblem } from '../i18n/problem-text.ts';

const maxAnnouncedCharacters = 400;

function announcementFor(answer: AnswerState): string {
  if (answer.status === 'error' && answer.problem) return describeProblem(answer.problem, catalogue.value);
  if (answer.ending === 'aborted') return catalogue.value.answerStopped;
  const text = answer.text.length > maxAnnouncedCharacters ? `${answer.text.slice(0, maxAnnouncedCharacters)}…` : answer.text;
  return answer.ending === 'paused' ? catalogue.value.answerPaused(text.trim()) : catalogue.value.answerReady(text);
}

export interface WatchedAnswer {
  key: string;
  answer: AnswerState;
}

/**
 * A polite live region that speaks once per finished answer (never per token): it remembers the
 * answer it saw in progress and announces when that answer settles. Answers loaded from history are
 * already settled and stay silent.
 */
export function Announcer({ watch }: { watch: () => WatchedAnswer | undefined }) {
  const [message, setMessage] = useState('');
  const inProgress = useRef<string | undefined>(undefined);

  useSignalEffect(() => {
    const current = watch();
    if (!current) return;
    if (!isSettled(current.answer.status)) {
      inProgress.current = current.key;
      return;
    }
    if (inProgress.current !== current.key) return;
    inProgress.current = undefined;
    const next = announcementFor(current.answer);
    // The same words twice in a row would not change the DOM and would not be spoken again.
    setMessage((previous) => (previous === next ? `${next}\u00a0` : next));
  });

  return (
    <div class="dw-visually-hidden" role="status" aria-live="polite" aria-atomic="true" part="announcer">
      {message}
    </div>
  );
}

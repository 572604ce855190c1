import type { AnswerState } from '../core/answer.ts';
import { isSettled } from '../core/status.ts';
import { AnswerBody } from './answer-body.tsx';
import { ProblemNotice } from './ProblemNotice.tsx';
import { useStrings } from './strings.ts';

/**
 * The inside of one answer, the same in the chat and in a completion result: the text (or
 * "Thinking…" before the first token), then a note for each way the answer did not simply complete:
 * replaced by the content filter, stopped, or failed (with Retry when `onRetry` is given).
 */
export function AnswerContent({ answer, onRetry }: { answer: AnswerState; onRetry?: (() => void) | undefined }) {
  const strings = useStrings();
  return (
    <>
      {answer.text ? <AnswerBody source={answer.text} streaming={!isSettled(answer.status)} /> : answer.status === 'submitted' && <span class="dw-status">{strings.thinking}</span>}
      {answer.replacedBecause && <p class="dw-note">{strings.moderated}</p>}
      {answer.ending === 'aborted' && <p class="dw-status">{strings.stopped}</p>}
      {answer.status === 'error' && answer.problem && <ProblemNotice problem={answer.problem} onRetry={onRetry} />}
    </>
  );
}

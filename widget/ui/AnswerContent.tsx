import type { AnswerState } from '../core/answer.ts';
import { isSettled } from '../core/status.ts';
import { catalogue } from '../i18n/catalogue.ts';
import { Markdown } from '../markdown/index.ts';
import { ProblemNotice } from './ProblemNotice.tsx';

/**
 * The inside of one answer, the same in the chat and in a completion result: the text as safe
 * markdown (while it streams, the renderer keeps settled blocks and re-parses only the tail), or
 * "Thinking…" before the first token; then a note for each way the answer did not simply complete:
 * replaced by the content filter, stopped, or failed (with Retry when `onRetry` is given).
 */
export function AnswerContent({ answer, onRetry }: { answer: AnswerState; onRetry?: (() => void) | undefined }) {
  return (
    <>
      {answer.text && <Markdown source={answer.text} streaming={!isSettled(answer.status)} />}
      {/* Also after text: a paused answer that goes on once its form is answered waits again. */}
      {answer.status === 'submitted' && <span class="dw-status">{catalogue.value.thinking}</span>}
      {answer.replacedBecause && <p class="dw-note">{catalogue.value.moderated}</p>}
      {answer.ending === 'aborted' && <p class="dw-status">{catalogue.value.stopped}</p>}
      {answer.status === 'error' && answer.problem && <ProblemNotice problem={answer.problem} onRetry={onRetry} />}
    </>
  );
}

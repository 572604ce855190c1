import type { Problem } from '../core/problems.ts';
import { catalogue } from '../i18n/catalogue.ts';
import { describeProblem } from '../i18n/problem-text.ts';
import { Icon } from './Icon.tsx';

export interface ProblemNoticeProps {
  problem: Problem;
  /** What could not be done, said before the problem itself (e.g. "Couldn’t load the chat."). */
  lead?: string;
  /** Offered when repeating the failed action can help. */
  onRetry?: (() => void) | undefined;
}

/** A problem in plain words, with a Retry button when there is something to retry. */
export function ProblemNotice({ problem, lead, onRetry }: ProblemNoticeProps) {
  const sentence = describeProblem(problem, catalogue.value);
  return (
    <div class="dw-problem" part="problem" data-kind={problem.kind}>
      <p>{lead ? catalogue.value.sentences([lead, sentence]) : sentence}</p>
      {onRetry && (
        <button type="button" class="dw-button" data-variant="secondary" part="retry" onClick={onRetry}>
          <Icon name="retry" />
          {catalogue.value.retry}
        </button>
      )}
    </div>
  );
}

import type { Signal } from '@preact/signals';
import type { AnswerState } from '../core/answer.ts';
import { describeProblem } from '../i18n/problem-text.ts';
import type { Rating } from '../shared/contract.ts';
import { AnswerBody } from './answer-body.tsx';
import { Icon } from './Icon.tsx';
import { useStrings } from './strings.ts';

export interface AnswerViewProps {
  answer: Signal<AnswerState>;
  /** Offered on the latest failed answer only. */
  onRetry: (() => void) | undefined;
  rating?: Signal<Rating | null>;
  onRate?: (rating: Rating | null) => void;
}

function FeedbackButtons({ rating, onRate }: { rating: Signal<Rating | null>; onRate: (rating: Rating | null) => void }) {
  const strings = useStrings();
  const current = rating.value;
  const button = (value: Rating, label: string) => (
    <button type="button" class="dw-icon-button" part={`feedback-${value}`} aria-label={label} title={label} aria-pressed={current === value ? 'true' : 'false'} onClick={() => onRate(current === value ? null : value)}>
      <Icon name={value} />
    </button>
  );
  return (
    <div class="dw-actions">
      {button('like', strings.like)}
      {button('dislike', strings.dislike)}
    </div>
  );
}

/**
 * One assistant answer. It reads only its own signal, so while it streams nothing else re-renders;
 * `aria-busy` keeps screen readers from reading half-written text (the Announcer speaks once at the end).
 */
export function AnswerView({ answer, onRetry, rating, onRate }: AnswerViewProps) {
  const strings = useStrings();
  const state = answer.value;
  const inProgress = state.status === 'submitted' || state.status === 'streaming';
  return (
    <div class="dw-message" part="message assistant-message" data-role="assistant" data-status={state.status} data-ending={state.ending} aria-busy={inProgress ? 'true' : 'false'}>
      <span class="dw-visually-hidden">{strings.assistant}: </span>
      {state.text ? <AnswerBody source={state.text} streaming={inProgress} /> : state.status === 'submitted' && <span class="dw-status">{strings.thinking}</span>}
      {state.replacedBecause && <p class="dw-note">{strings.moderated}</p>}
      {state.ending === 'aborted' && <p class="dw-status">{strings.stopped}</p>}
      {state.status === 'error' && state.problem && (
        <div class="dw-problem" part="problem" data-kind={state.problem.kind}>
          <p>{describeProblem(state.problem, strings)}</p>
          {onRetry && (
            <button type="button" class="dw-button" data-variant="secondary" part="retry" onClick={onRetry}>
              <Icon name="retry" />
              {strings.retry}
            </button>
          )}
        </div>
      )}
      {state.ending === 'complete' && state.messageId && rating && onRate && <FeedbackButtons rating={rating} onRate={onRate} />}
    </div>
  );
}

import type { ReadonlySignal, Signal } from '@preact/signals';
import type { AnswerState } from '../core/answer.ts';
import { isSettled } from '../core/status.ts';
import { catalogue } from '../i18n/catalogue.ts';
import type { Rating } from '../shared/contract.ts';
import { AnswerContent } from './AnswerContent.tsx';
import type { AnswerForm } from './HumanInputForms.tsx';
import { Icon } from './Icon.tsx';
import { lazyComponent } from './lazy-component.tsx';

// Forms of a paused chatflow are rare: their code loads when the first one is shown.
const HumanInputForms = lazyComponent(() => import('./HumanInputForms.tsx').then((module) => module.HumanInputForms));

export interface AnswerViewProps {
  answer: Signal<AnswerState>;
  /** Offered on the latest failed answer only. */
  onRetry: (() => void) | undefined;
  rating?: Signal<Rating | null>;
  onRate?: (rating: Rating | null) => void;
  /** Answers a form of a paused chatflow answer; `busy` while another answer streams (read only by the form). */
  onAnswerForm?: AnswerForm;
  busy?: ReadonlySignal<boolean>;
  /** Extra controls of the app's features (the speaker button), loaded on their own. */
  tools?: preact.ComponentChildren;
}

function FeedbackButtons({ rating, onRate }: { rating: Signal<Rating | null>; onRate: (rating: Rating | null) => void }) {
  const current = rating.value;
  const button = (value: Rating, label: string) => (
    <button
      type="button"
      class="dw-icon-button"
      part={`feedback-${value}`}
      aria-label={label}
      title={label}
      aria-pressed={current === value ? 'true' : 'false'}
      onClick={() => onRate(current === value ? null : value)}
    >
      <Icon name={value} />
    </button>
  );
  return (
    <div class="dw-actions">
      {button('like', catalogue.value.like)}
      {button('dislike', catalogue.value.dislike)}
    </div>
  );
}

/**
 * One assistant answer. It reads only its own signal, so while it streams nothing else re-renders;
 * `aria-busy` keeps screen readers from reading half-written text (the Announcer speaks once at the end).
 */
export function AnswerView({ answer, onRetry, rating, onRate, onAnswerForm, busy, tools }: AnswerViewProps) {
  const state = answer.value;
  return (
    <div
      class="dw-message"
      dir="auto"
      part="message assistant-message"
      data-role="assistant"
      data-status={state.status}
      data-ending={state.ending}
      aria-busy={isSettled(state.status) ? 'false' : 'true'}
    >
      {/* Its own dir keeps this label out of the bubble's dir="auto" guess, which follows the answer. */}
      <span class="dw-visually-hidden" dir="auto">
        {catalogue.value.assistant}:{' '}
      </span>
      <AnswerContent answer={state} onRetry={onRetry} />
      {state.ending === 'paused' && state.pause && onAnswerForm && (
        <HumanInputForms pause={state.pause} onAnswer={onAnswerForm} busy={busy?.value ?? false} />
      )}
      {state.ending === 'complete' && state.messageId && rating && onRate && <FeedbackButtons rating={rating} onRate={onRate} />}
      {tools}
    </div>
  );
}

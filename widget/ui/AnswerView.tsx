import type { ReadonlySignal, Signal } from '@preact/signals';
import type { AnswerState } from '../core/answer.ts';
import { isSettled } from '../core/status.ts';
import { catalogue } from '../i18n/catalogue.ts';
import { AnswerContent } from './AnswerContent.tsx';
import type { AnswerForm } from './HumanInputForms.tsx';
import { lazyComponent } from './lazy-component.tsx';

// Forms of a paused chatflow are rare: their code loads when the first one is shown.
const HumanInputForms = lazyComponent(() => import('./HumanInputForms.tsx').then((module) => module.HumanInputForms));

export interface AnswerViewProps {
  answer: Signal<AnswerState>;
  /** Offered on the latest failed answer only. */
  onRetry: (() => void) | undefined;
  /** Answers a form of a paused chatflow answer; `busy` while another answer streams (read only by the form). */
  onAnswerForm?: AnswerForm;
  busy?: ReadonlySignal<boolean>;
}

/**
 * One assistant answer. It reads only its own signal, so while it streams nothing else re-renders;
 * `aria-busy` keeps screen readers from reading half-written text (the Announcer speaks once at the end).
 */
export function AnswerView({ answer, onRetry, onAnswerForm, busy }: AnswerViewProps) {
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
      {/* A refused message fails the same way again: no Retry (the composer gave its text back). */}
      <AnswerContent answer={state} onRetry={state.problem?.kind === 'invalid' ? undefined : onRetry} />
      {state.ending === 'paused' && state.pause && onAnswerForm && (
        <HumanInputForms pause={state.pause} onAnswer={onAnswerForm} busy={busy?.value ?? false} />
      )}
    </div>
  );
}

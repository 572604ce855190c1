import type { ReadonlySignal, Signal } from '@preact/signals';
import type { AnswerState } from '../core/answer.ts';
import type { AppDescription } from '../core/app-info.ts';
import type { FollowUpsProps } from '../follow-ups/FollowUps.tsx';
import { isSettled } from '../core/status.ts';
import { catalogue } from '../i18n/catalogue.ts';
import { AnswerContent } from './AnswerContent.tsx';
import type { AnswerForm } from '../human-input/HumanInputForms.tsx';
import { AppIconView } from './Header.tsx';
import { lazyComponent } from './lazy-component.tsx';

// Forms of a paused chatflow are rare: their code loads when the first one is shown.
const HumanInputForms = lazyComponent(() => import('../human-input/HumanInputForms.tsx').then((module) => module.HumanInputForms));
// Each Dify extra is its own chunk, fetched when the first answer that has one is shown.
const Steps = lazyComponent(() => import('../steps/Steps.tsx').then((module) => module.Steps));
const Sources = lazyComponent(() => import('../sources/Sources.tsx').then((module) => module.Sources));
const AnswerFiles = lazyComponent(() => import('../files/AnswerFiles.tsx').then((module) => module.AnswerFiles));
const FollowUps = lazyComponent(() => import('../follow-ups/FollowUps.tsx').then((module) => module.FollowUps));

export interface AnswerViewProps {
  answer: Signal<AnswerState>;
  /** Offered on the latest failed answer only. */
  onRetry: (() => void) | undefined;
  /** Answers a form of a paused chatflow answer; `busy` while another answer streams (read only by the form). */
  onAnswerForm?: AnswerForm;
  busy?: ReadonlySignal<boolean>;
  /** Extra controls of the app's features (the speaker button), loaded on their own. */
  tools?: preact.ComponentChildren;
  /** What the app turned on (`/parameters`, `/site`): citations, the steps disclosure. */
  features?: Pick<AppDescription, 'sources' | 'site' | 'icon'>;
  /** Given for the latest answer when the app suggests follow-up questions. */
  followUps?: Omit<FollowUpsProps, 'messageId'>;
}

/**
 * One assistant answer. It reads only its own signal, so while it streams nothing else re-renders;
 * `aria-busy` keeps screen readers from reading half-written text (the Announcer speaks once at the end).
 */
export function AnswerView({ answer, onRetry, onAnswerForm, busy, tools, features, followUps }: AnswerViewProps) {
  const state = answer.value;
  const settled = isSettled(state.status);
  const sources = state.metadata?.retriever_resources;
  const files = state.metadata?.files;
  return (
    <div
      class="dw-message"
      dir="auto"
      part="message assistant-message"
      data-role="assistant"
      data-status={state.status}
      data-ending={state.ending}
      aria-busy={settled ? 'false' : 'true'}
    >
      {/* Its own dir keeps this label out of the bubble's dir="auto" guess, which follows the answer. */}
      <span class="dw-visually-hidden" dir="auto">
        {catalogue.value.labelled(catalogue.value.assistant)}
      </span>
      {features?.icon && features.site.use_icon_as_answer_icon === true && <AppIconView icon={features.icon} title="" />}
      {(state.progress || state.metadata?.agent_thoughts) && <Steps answer={state} site={features?.site} working={!settled} />}
      {/* A refused message fails the same way again: no Retry (the composer gave its text back). */}
      <AnswerContent answer={state} onRetry={state.problem?.kind === 'invalid' ? undefined : onRetry} />
      {Array.isArray(files) && files.length > 0 && <AnswerFiles files={files} />}
      {state.metadata?.annotation_reply ? (
        <p class="dw-note" part="annotation">
          {catalogue.value.savedReply}
        </p>
      ) : null}
      {features?.sources && Array.isArray(sources) && sources.length > 0 && <Sources resources={sources} />}
      {state.ending === 'paused' && state.pause && onAnswerForm && (
        <HumanInputForms pause={state.pause} onAnswer={onAnswerForm} busy={busy?.value ?? false} />
      )}
      {tools}
      {state.ending === 'complete' && state.messageId && followUps && <FollowUps messageId={state.messageId} {...followUps} />}
    </div>
  );
}

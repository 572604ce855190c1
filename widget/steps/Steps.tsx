import { useEffect, useId, useState } from 'preact/hooks';
import type { AnswerState } from '../core/answer.ts';
import type { JsonRecord } from '../core/guards.ts';
import { catalogue, language } from '../i18n/catalogue.ts';
import { useShadowStyles } from '../ui/lazy-styles.ts';
import { foldSteps, type Step } from './fold-steps.ts';
import { restoredProgress } from './restored-steps.ts';
import stepsCss from './steps.css?inline';

export interface StepsProps {
  /** Its `progress` as it streamed, or, read back from `/messages`, the agent's thoughts and files in `metadata`. */
  answer: Pick<AnswerState, 'progress' | 'metadata'>;
  /** The app's `/site`: `show_workflow_steps` false shows only the tool images. */
  site: JsonRecord | undefined;
  /** The answer is still being made. */
  working: boolean;
}

function seconds(value: number): string {
  return new Intl.NumberFormat(language.value, { style: 'unit', unit: 'second', maximumFractionDigits: 2 }).format(value);
}

// A tool call reads as one: `name(input) → output`, no labels to translate.
function StepItem({ step }: { step: Step }) {
  if (step.kind === 'tool') {
    return (
      <li class="dw-step" part="step" data-kind="tool">
        <span class="dw-step-title">{step.name}</span>
        <code class="dw-step-io" dir="auto">
          ({step.input}){step.output && ` → ${step.output}`}
        </code>
      </li>
    );
  }
  const failed = /failed|exception/.test(step.status);
  return (
    <li class="dw-step" part="step" data-kind="node" data-status={step.status}>
      <span class="dw-step-title" dir="auto">
        {step.title}
      </span>{' '}
      {step.type && <span class="dw-step-meta">{step.type}</span>}{' '}
      {step.status === 'running' ? (
        <span class="dw-step-meta">…</span>
      ) : (
        <span class="dw-step-meta">
          {failed ? '✗' : '✓'}
          {step.elapsed !== undefined && ` ${seconds(step.elapsed)}`}
        </span>
      )}
      {step.children.length > 0 && (
        <ol class="dw-step-list">
          {step.children.map((child) => (
            <StepItem key={child.id} step={child} />
          ))}
        </ol>
      )}
    </li>
  );
}

/**
 * How the answer is being made, above it: a collapsed disclosure of the agent's tool calls and the
 * chatflow's nodes (iterations and loops grouped), then the images the tools made. Screen readers hear
 * "Thinking…" once when it appears, never a word per event (the count is in the button, not a live
 * region). Its own chunk, fetched at the first progress event of any answer, or for an answer read back
 * from the history with thoughts or files (collapsed as well).
 */
export function Steps({ answer, site, working }: StepsProps) {
  const ref = useShadowStyles<HTMLDivElement>(stepsCss);
  const [open, setOpen] = useState(false);
  const [announced, setAnnounced] = useState('');
  const listId = useId();
  const { steps, images } = foldSteps([...restoredProgress(answer.metadata), ...(answer.progress ?? [])]);
  const shown = site?.show_workflow_steps !== false && steps.length > 0;
  useEffect(() => {
    if (shown && working) setAnnounced(catalogue.value.thinking);
  }, [shown]);
  return (
    <div class="dw-steps" part="steps" ref={ref}>
      {shown && (
        <>
          <button
            type="button"
            class="dw-steps-toggle"
            part="steps-toggle"
            aria-expanded={open ? 'true' : 'false'}
            aria-controls={listId}
            onClick={() => setOpen(!open)}
          >
            {catalogue.value.steps} ({steps.length}){working && ' …'}
          </button>
          <span class="dw-visually-hidden" role="status">
            {announced}
          </span>
          <ol id={listId} class="dw-step-list" hidden={!open}>
            {steps.map((step) => (
              <StepItem key={step.id} step={step} />
            ))}
          </ol>
        </>
      )}
      {images.map((image) => (
        <img key={image.id} class="dw-step-image" part="tool-image" src={image.url} alt="" referrerpolicy="no-referrer" />
      ))}
    </div>
  );
}

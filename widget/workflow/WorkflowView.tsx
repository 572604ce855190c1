import { useEffect, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import type { AnswerState } from '../core/answer.ts';
import type { AppDescription } from '../core/app-info.ts';
import { isRecord } from '../core/guards.ts';
import { keepResult, keptAnswer, keptFrom, readKeptResult, refillForm } from '../completion/kept-result.ts';
import { catalogue } from '../i18n/catalogue.ts';
import { pickStrings } from '../i18n/feature-strings.ts';
import { workflowStrings } from './strings.ts';
import type { WidgetModel } from '../model/widget-model.ts';
import { AnswerContent } from '../ui/AnswerContent.tsx';
import { Announcer } from '../ui/Announcer.tsx';
import { focusFirstInvalid } from '../ui/focus-invalid.ts';
import formsCss from '../ui/forms.css?inline';
import { RunStopButton } from '../ui/RunStopButton.tsx';
import { InputsForm } from '../ui/InputsForm.tsx';
import { useShadowStyles } from '../ui/lazy-styles.ts';
import { createWorkflowModel } from './workflow-model.ts';
import workflowCss from './workflow.css?inline';
import { WorkflowOutputs } from './WorkflowOutputs.tsx';

/** The streamed text, unless an output repeats it (a workflow usually streams its text output). */
function RunResult({ answer }: { answer: AnswerState }) {
  const outputs = answer.ending === 'complete' && isRecord(answer.metadata?.outputs) ? answer.metadata.outputs : undefined;
  const repeated = outputs && Object.values(outputs).some((value) => typeof value === 'string' && value.trim() === answer.text.trim());
  return (
    <>
      {!repeated && <AnswerContent answer={answer} />}
      {outputs && Object.keys(outputs).length > 0 && (
        <>
          <h4 class="dw-result-heading">{pickStrings(workflowStrings).outputs}</h4>
          <WorkflowOutputs outputs={outputs} />
        </>
      )}
    </>
  );
}

/**
 * A workflow app: its input form, Run (Stop while it runs), the streamed output and the final outputs.
 * The last run that ended (complete, stopped or failed) is kept for the session user and shown again
 * after a reload, its form filled in as it was; the next run replaces it.
 */
export function WorkflowView({ model, app, panel }: { model: WidgetModel; app: AppDescription; panel: RefObject<HTMLElement | null> }) {
  const { services } = model;
  // One sheet for both: a part's styles are adopted through one element's ref.
  const styled = useShadowStyles<HTMLDivElement>(formsCss + workflowCss);
  const [workflow] = useState(() => createWorkflowModel({ client: services.client, report: services.report, inputs: services.payload }));
  const [kept] = useState(() => readKeptResult(services, 'workflow'));
  const busy = workflow.busy.value;
  const answer = workflow.result.value?.value ?? (kept && keptAnswer(kept));

  useEffect(() => {
    if (kept?.form) refillForm(model, kept.form);
  }, []);

  const run = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    if (!model.checkInputs()) return focusFirstInvalid(panel.current, model.formFields.peek(), model.inputIssues.peek());
    const form = model.inputValues.peek();
    // Kept once it has ended, with the form it was started from (even if the view has gone meanwhile).
    void workflow.run().then(() => {
      const ended = workflow.result.peek()?.peek();
      const settled = ended && keptFrom(ended, null);
      if (settled) keepResult(services, 'workflow', { ...settled, form });
    });
  };

  return (
    <div ref={styled} class="dw-body" part="body">
      <form class="dw-form" part="workflow-form" onSubmit={run} noValidate>
        {app.description && <p class="dw-note">{app.description}</p>}
        <InputsForm
          fields={model.formFields.value}
          values={model.inputValues.value}
          issues={model.inputIssues.value}
          onChange={model.setInputValue}
          unsupported={app.unsupportedRequiredInputs}
          uploads={model}
        />
        <RunStopButton busy={busy} label={pickStrings(workflowStrings).run} part="run" onStop={workflow.stop} />
      </form>
      {answer && (
        <section
          class="dw-result"
          part="result"
          aria-labelledby="dw-result-heading"
          aria-busy={busy ? 'true' : 'false'}
          data-status={answer.status}
          data-ending={answer.ending}
        >
          <h3 class="dw-result-heading" id="dw-result-heading">
            {catalogue.value.result}
          </h3>
          <RunResult answer={answer} />
        </section>
      )}
      <Announcer watch={() => (workflow.result.value ? { key: 'run', answer: workflow.result.value.value } : undefined)} />
    </div>
  );
}

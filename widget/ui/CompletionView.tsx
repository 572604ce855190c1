import { useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { ResultActions } from '../completion/ResultActions.tsx';
import { useShownResult } from '../completion/use-shown-result.ts';
import type { AppDescription } from '../core/app-info.ts';
import { readBoolean, readRecord } from '../core/guards.ts';
import { catalogue } from '../i18n/catalogue.ts';
import type { WidgetModel } from '../model/widget-model.ts';
import { AnswerContent } from './AnswerContent.tsx';
import { Announcer } from './Announcer.tsx';
import { Icon } from './Icon.tsx';
import { RunStopButton } from './RunStopButton.tsx';
import { focusFirstInvalid } from './focus-invalid.ts';
import formsCss from './forms.css?inline';
import { InputsForm } from './InputsForm.tsx';
import { useShadowStyles } from './lazy-styles.ts';

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard refused (permissions, insecure page): the text stays selectable.
    }
  };
  return (
    <button type="button" class="dw-button" data-variant="secondary" part="copy" onClick={() => void copy()}>
      <Icon name="copy" />
      {copied ? catalogue.value.copied : catalogue.value.copy}
    </button>
  );
}

/**
 * A text-generation app: the input form, Generate (Stop while streaming), and the streamed result with
 * Copy, like / dislike and, when the app enables it, More like this. Dify's service API has no
 * more-like-this endpoint (only its own web app's API does), so More like this generates again from
 * the inputs the shown result was made from.
 */
export function CompletionView({ model, app, panel }: { model: WidgetModel; app: AppDescription; panel: RefObject<HTMLElement | null> }) {
  const { completion } = model;
  const styled = useShadowStyles<HTMLDivElement>(formsCss);
  const busy = completion.busy.value;
  const fields = model.formFields.value;
  const shown = useShownResult(model);
  const answer = shown.answer;
  const moreLikeThis = readBoolean(readRecord(app.parameters, 'more_like_this') ?? {}, 'enabled') === true;

  const generate = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    if (!model.checkInputs()) {
      focusFirstInvalid(panel.current, model.formFields.peek(), model.inputIssues.peek());
      return;
    }
    void completion.generate();
  };

  return (
    <div ref={styled} class="dw-body" part="body">
      <form class="dw-form" part="completion-form" onSubmit={generate} noValidate>
        {app.description && <p class="dw-note">{app.description}</p>}
        <InputsForm
          fields={fields}
          values={model.inputValues.value}
          issues={model.inputIssues.value}
          onChange={model.setInputValue}
          unsupported={app.unsupportedRequiredInputs}
          uploads={model}
        />
        <RunStopButton busy={busy} label={catalogue.value.generate} part="generate" onStop={completion.stop} />
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
          <AnswerContent answer={answer} />
          {!busy && answer.text && (
            <div class="dw-actions">
              <CopyButton text={answer.text} />
              <ResultActions
                rating={answer.ending === 'complete' && answer.messageId ? shown.rating : undefined}
                onRate={shown.rate}
                onMoreLikeThis={moreLikeThis ? () => void completion.generate(shown.inputs) : undefined}
              />
            </div>
          )}
        </section>
      )}
      <Announcer watch={() => (completion.result.value ? { key: 'result', answer: completion.result.value.answer.value } : undefined)} />
    </div>
  );
}

import type { RefObject } from 'preact';
import type { AppDescription } from '../core/app-info.ts';
import type { WidgetModel } from '../model/widget-model.ts';
import { Announcer } from './Announcer.tsx';
import { Composer } from './Composer.tsx';
import { InputsForm } from './InputsForm.tsx';
import { MessageList } from './MessageList.tsx';
import { useStrings } from './strings.ts';
import type { ViewModel } from './view-model.ts';

/**
 * Moves focus to the first field the visitor must fix, so a refused send is never silent. Found by
 * variable rather than by aria-invalid, which is only in the DOM after the next render.
 */
export function focusFirstInvalid(container: Element | null | undefined, model: WidgetModel): void {
  const issues = model.inputIssues.peek();
  const first = model.app.peek()?.inputs.find((field) => issues[field.variable] !== undefined);
  if (!container || !first) return;
  const field = Array.from(container.querySelectorAll<HTMLElement>('.dw-field')).find((element) => element.dataset.variable === first.variable);
  field?.querySelector<HTMLElement>('input, select, textarea')?.focus();
}

/** The chat: conversation, input form before the first message, suggestions and composer. */
export function ChatView({ model, view, app, panel }: { model: WidgetModel; view: ViewModel; app: AppDescription; panel: RefObject<HTMLElement | null> }) {
  const strings = useStrings();
  const preset = model.presetInputs.value;
  const fields = app.inputs.filter((field) => !field.hidden && !(field.variable in preset));
  const showForm = fields.some((field) => field.required) || app.unsupportedRequiredInputs.length > 0;

  async function send(text: string): Promise<boolean> {
    const accepted = await model.sendMessage(text);
    if (!accepted) focusFirstInvalid(panel.current, model);
    return accepted;
  }

  return (
    <>
      <MessageList
        chat={model.chat}
        app={app}
        beforeFirstMessage={
          showForm && (
            <InputsForm
              title={strings.startForm}
              fields={fields}
              values={model.inputValues.value}
              issues={model.inputIssues.value}
              onChange={model.setInputValue}
              unsupported={app.unsupportedRequiredInputs}
            />
          )
        }
        onSuggestion={(question) => void send(question)}
      />
      <Composer draft={view.draft} onDraftChange={view.setDraft} busy={model.chat.busy.value} onSend={send} onStop={model.chat.stop} />
      <Announcer
        watch={() => {
          const last = model.chat.turns.value.at(-1);
          return last ? { key: last.id, answer: last.answer.value } : undefined;
        }}
      />
    </>
  );
}

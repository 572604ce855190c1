import type { RefObject } from 'preact';
import type { AppDescription } from '../core/app-info.ts';
import { catalogue } from '../i18n/catalogue.ts';
import type { SendOutcome } from '../model/chat-types.ts';
import type { WidgetModel } from '../model/widget-model.ts';
import { Announcer } from './Announcer.tsx';
import { Composer } from './Composer.tsx';
import { focusFirstInvalid } from './focus-invalid.ts';
import { lazyComponent } from './lazy-component.tsx';
import { MessageList } from './MessageList.tsx';
import type { ViewModel } from './view-model.ts';

// Only apps whose form has a required field show it, and only before the first message: its own chunk.
const InputsForm = lazyComponent(() => import('./InputsForm.tsx').then((module) => module.InputsForm));

/** The chat: conversation, input form before the first message, suggestions and composer. */
export function ChatView({
  model,
  view,
  app,
  panel,
}: {
  model: WidgetModel;
  view: ViewModel;
  app: AppDescription;
  panel: RefObject<HTMLElement | null>;
}) {
  const fields = model.formFields.value;
  const showForm = fields.some((field) => field.required) || app.unsupportedRequiredInputs.length > 0;

  async function send(text: string): Promise<SendOutcome> {
    const outcome = await model.sendMessage(text);
    // A refused send is never silent: take the visitor to the field to fix.
    if (outcome === 'needs-input') focusFirstInvalid(panel.current, model.formFields.peek(), model.inputIssues.peek());
    return outcome;
  }

  return (
    <>
      <MessageList
        chat={model.chat}
        app={app}
        beforeFirstMessage={
          showForm && (
            <InputsForm
              title={catalogue.value.startForm}
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
      <Composer
        draft={view.draft}
        onDraftChange={view.setDraft}
        busy={model.chat.busy.value}
        onSend={send}
        onStop={model.chat.stop}
        maxLength={app.maxQueryChars}
      />
      <Announcer
        watch={() => {
          const last = model.chat.turns.value.at(-1);
          return last ? { key: last.id, answer: last.answer.value } : undefined;
        }}
      />
    </>
  );
}

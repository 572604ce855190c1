import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';
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

// Only apps with a form show it, and only before the first message: its own chunk.
const InputsForm = lazyComponent(() => import('./InputsForm.tsx').then((module) => module.InputsForm));
// Uploads and voice: a hook here, the features in their own chunks, loaded only for apps that turn them on.
const AttachFiles = lazyComponent(() => import('../media/AttachFiles.tsx').then((module) => module.AttachFiles));
const Microphone = lazyComponent(() => import('../media/Microphone.tsx').then((module) => module.Microphone));
const SpeakerButton = lazyComponent(() => import('../media/SpeakerButton.tsx').then((module) => module.SpeakerButton));
// Only apps whose /site sets a disclaimer, copyright or privacy policy show the line under the composer.
const SiteNotes = lazyComponent(() => import('../site/SiteNotes.tsx').then((module) => module.SiteNotes));

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
  const required = fields.some((field) => field.required) || app.unsupportedRequiredInputs.length > 0;
  // Optional fields only: offered behind a button, so a visitor who skips them never loads the form.
  const [unfolded, setUnfolded] = useState(false);
  const showForm = required || unfolded || Object.keys(model.inputIssues.value).length > 0;

  /** Whether a `/parameters` feature is on: `"enabled": true` in it (or in `file_upload`'s legacy `image` block). */
  const isOn = (feature: string) => JSON.stringify(app.parameters?.[feature] ?? 0).includes('"enabled":true');

  async function send(text: string): Promise<SendOutcome> {
    const attached = view.attachments.peek();
    // A file still uploading: the message waits (its progress shows), the text goes back into the composer.
    if (attached.some((attachment) => !attachment.file)) return 'unavailable';
    view.attachments.value = [];
    const outcome = await model.sendMessage(text, attached[0] && attached.flatMap((attachment) => attachment.file ?? []));
    if (outcome !== 'sent') view.attachments.value = attached;
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
          showForm ? (
            <InputsForm
              title={catalogue.value.startForm}
              fields={fields}
              values={model.inputValues.value}
              issues={model.inputIssues.value}
              onChange={model.setInputValue}
              unsupported={app.unsupportedRequiredInputs}
              uploads={model}
              // The visitor asked for it: take them to its first field.
              onShown={() => unfolded && panel.current?.querySelector<HTMLElement>('.dw-field :is(input, textarea, select)')?.focus()}
            />
          ) : (
            fields.length > 0 && (
              <button
                type="button"
                class="dw-button"
                data-variant="secondary"
                part="inputs-toggle"
                aria-expanded="false"
                onClick={() => setUnfolded(true)}
              >
                {catalogue.value.startForm} {catalogue.value.optional}
              </button>
            )
          )
        }
        onSuggestion={(question) => void send(question)}
        answerTools={isOn('text_to_speech') ? (turn) => <SpeakerButton turn={turn} model={model} /> : undefined}
      />
      <Composer
        draft={view.draft}
        onDraftChange={view.setDraft}
        busy={model.chat.busy.value}
        onSend={send}
        onStop={model.chat.stop}
        tools={[
          isOn('file_upload') && <AttachFiles model={model} view={view} />,
          isOn('speech_to_text') && <Microphone model={model} view={view} />,
        ]}
        maxLength={app.maxQueryChars}
      />
      {(app.site.custom_disclaimer || app.site.copyright || app.site.privacy_policy) && <SiteNotes site={app.site} />}
      <Announcer
        watch={() => {
          const last = model.chat.turns.value.at(-1);
          return last ? { key: last.id, answer: last.answer.value } : undefined;
        }}
      />
    </>
  );
}

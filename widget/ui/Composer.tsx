import { useRef } from 'preact/hooks';
import { Icon } from './Icon.tsx';
import { useStrings } from './strings.ts';

export interface ComposerProps {
  draft: { value: string };
  busy: boolean;
  /** Returns false when the message was not accepted (e.g. the form needs input): the draft is kept. */
  onSend: (text: string) => Promise<boolean> | boolean;
  onStop: () => void;
}

/**
 * The message box. Enter sends and Shift+Enter adds a line; while an answer streams the same
 * button becomes Stop, so keyboard focus stays on it.
 */
export function Composer({ draft, busy, onSend, onStop }: ComposerProps) {
  const strings = useStrings();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const text = draft.value;

  async function submit(event?: Event) {
    event?.preventDefault();
    if (busy || !text.trim()) return;
    draft.value = '';
    const accepted = await onSend(text);
    if (!accepted && draft.value === '') draft.value = text;
  }

  return (
    <form class="dw-composer" part="composer" onSubmit={submit}>
      <label class="dw-visually-hidden" for="dw-input">
        {strings.messageLabel}
      </label>
      <textarea
        ref={textarea}
        id="dw-input"
        class="dw-textarea"
        part="input"
        rows={1}
        enterkeyhint="send"
        placeholder={strings.messagePlaceholder}
        value={text}
        onInput={(event) => void (draft.value = event.currentTarget.value)}
        onKeyDown={(event) => {
          // isComposing: Enter that confirms an IME candidate (Chinese, Japanese…) must not send.
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) void submit(event);
        }}
      />
      <button
        type={busy ? 'button' : 'submit'}
        class="dw-button dw-send"
        part={busy ? 'stop' : 'send'}
        aria-label={busy ? strings.stop : strings.send}
        title={busy ? strings.stop : strings.send}
        disabled={!busy && !text.trim()}
        onClick={
          busy
            ? (event) => {
                event.preventDefault();
                onStop();
              }
            : undefined
        }
      >
        <Icon name={busy ? 'stop' : 'send'} />
      </button>
    </form>
  );
}

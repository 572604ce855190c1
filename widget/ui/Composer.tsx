import type { ReadonlySignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { catalogue } from '../i18n/catalogue.ts';
import type { SendOutcome } from '../model/chat-types.ts';
import { Icon } from './Icon.tsx';
import { lazyComponent } from './lazy-component.tsx';

// Shown only near the limit: its own chunk.
const LengthCounter = lazyComponent(() => import('./rare-extras.ts').then((module) => module.LengthCounter));

export interface ComposerProps {
  draft: ReadonlySignal<string>;
  onDraftChange: (text: string) => void;
  busy: boolean;
  /** Anything but `sent` (e.g. the form needs input) gives the draft back. */
  onSend: (text: string) => Promise<SendOutcome>;
  onStop: () => void;
  /** The app's attach and microphone buttons, when it has them (their own chunk). */
  tools?: ComponentChildren;
  /** The longest message the proxy accepts: a counter shows near it, and a longer one is not sent. */
  maxLength?: number | undefined;
}

/** The counter appears once no more than this share of the limit is left. */
const counterShare = 0.2;

/**
 * The message box. Enter sends and Shift+Enter adds a line; while an answer streams the same
 * button becomes Stop, so keyboard focus stays on it.
 */
export function Composer({ draft, onDraftChange, busy, onSend, onStop, tools, maxLength }: ComposerProps) {
  const text = draft.value;
  const left = (maxLength ?? Infinity) - text.length;
  const tooLong = left < 0;
  // Infinity (no limit known) is never counted.
  const counted = left <= (maxLength ?? 0) * counterShare;

  async function submit(event?: Event) {
    event?.preventDefault();
    if (busy || !text.trim() || tooLong) return;
    onDraftChange('');
    const outcome = await onSend(text);
    // Give the text back, unless the visitor has started typing something else meanwhile.
    if (outcome !== 'sent' && draft.peek() === '') onDraftChange(text);
  }

  return (
    <form class="dw-composer" part="composer" onSubmit={submit}>
      <label class="dw-visually-hidden" for="dw-input">
        {catalogue.value.messageLabel}
      </label>
      {tools}
      <textarea
        id="dw-input"
        class="dw-textarea"
        part="input"
        rows={1}
        enterkeyhint="send"
        placeholder={catalogue.value.messagePlaceholder}
        value={text}
        aria-invalid={tooLong ? 'true' : undefined}
        aria-describedby={counted ? 'dw-counter' : undefined}
        onInput={(event) => onDraftChange(event.currentTarget.value)}
        onKeyDown={(event) => {
          // isComposing: Enter that confirms an IME candidate (Chinese, Japanese…) must not send.
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) void submit(event);
        }}
      />
      {counted && <LengthCounter left={left} />}
      <button
        type={busy ? 'button' : 'submit'}
        class="dw-button dw-send"
        part={busy ? 'stop' : 'send'}
        aria-label={busy ? catalogue.value.stop : catalogue.value.send}
        title={busy ? catalogue.value.stop : catalogue.value.send}
        disabled={!busy && (!text.trim() || tooLong)}
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

import { useEffect, useRef, useState } from 'preact/hooks';
import { catalogue } from '../i18n/catalogue.ts';

/**
 * Asks why an answer was disliked, after the dislike itself was sent: the words go to Dify as the
 * feedback's `content`. Focus moves into the field; Skip or Escape closes it without a reason.
 */
export function FeedbackReason({ onDone }: { onDone: (reason: string) => void }) {
  const form = useRef<HTMLFormElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const strings = catalogue.value;
  const done = (words: string) => {
    // This box goes away with focus in it: put focus back on the dislike button it came from.
    form.current?.parentElement?.querySelector<HTMLElement>('[part~="feedback-dislike"]')?.focus();
    onDone(words);
  };
  useEffect(() => field.current?.focus(), []);
  return (
    <form
      ref={form}
      class="dw-reason"
      part="feedback-reason"
      onSubmit={(event) => {
        event.preventDefault();
        done(reason.trim());
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || event.isComposing) return;
        // Escape closes this box, not the whole chat.
        event.preventDefault();
        event.stopPropagation();
        done('');
      }}
    >
      <textarea
        ref={field}
        aria-label={strings.dislikeReason}
        class="dw-textarea"
        rows={2}
        maxLength={2000}
        placeholder={strings.dislikeReason}
        value={reason}
        onInput={(event) => setReason(event.currentTarget.value)}
      />
      <div class="dw-reason-buttons">
        <button type="button" class="dw-button" data-variant="secondary" onClick={() => done('')}>
          {strings.skip}
        </button>
        <button type="submit" class="dw-button" part="feedback-reason-send" disabled={!reason.trim()}>
          {strings.send}
        </button>
      </div>
    </form>
  );
}

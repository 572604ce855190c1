import type { Signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { pickStrings } from '../i18n/feature-strings.ts';
import { attachLink, type AttachProblem, type Attachment } from './attachments.ts';
import { fileStrings } from './file-strings.ts';
import { MediaIcon } from './MediaIcon.tsx';
import { classifyLink, type UploadRules } from './upload-rules.ts';

export interface LinkEntryProps {
  rules: UploadRules;
  list: Signal<readonly Attachment[]>;
  /** Called with a link that was refused: the one problem to show now. */
  onProblem: (problem: AttachProblem) => void;
  /** A form field's id and label for the button, when the link is the field's only control. */
  id?: string | undefined;
  labelledBy?: string | undefined;
}

/**
 * "Add from a link": a button that opens a field for an https link, checked (upload-rules.ts classifyLink)
 * and added as a `remote_url` file. Only offered where the app and the proxy both allow remote URLs.
 * Enter adds (without sending the message around it), Escape closes.
 */
export function LinkEntry({ rules, list, onProblem, id, labelledBy }: LinkEntryProps) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  // The visitor asked for the field: typing starts at once; closed, focus goes back to its button.
  const opened = useRef(false);
  useEffect(() => {
    if (open) field.current?.focus();
    else if (opened.current) toggle.current?.focus();
    opened.current = open;
  }, [open]);
  const strings = pickStrings(fileStrings);
  const add = () => {
    const verdict = classifyLink(text, rules, list.peek().length);
    if ('reason' in verdict) {
      onProblem({ name: text.trim() || strings.link, ...verdict });
      return;
    }
    attachLink(list, verdict);
    setText('');
    setOpen(false);
  };
  return (
    <>
      <button
        ref={toggle}
        id={id}
        aria-labelledby={labelledBy}
        type="button"
        class="dw-icon-button"
        part="add-link"
        aria-label={strings.addLink}
        title={strings.addLink}
        aria-expanded={open ? 'true' : 'false'}
        onClick={() => setOpen(!open)}
      >
        <MediaIcon name="link" />
      </button>
      {open && (
        <span class="dw-link-entry" part="link-entry" role="group" aria-label={strings.addLink}>
          <input
            class="dw-input"
            part="link-input"
            type="url"
            inputMode="url"
            placeholder="https://"
            aria-label={strings.link}
            ref={field}
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                add();
              } else if (event.key === 'Escape') setOpen(false);
            }}
          />
          <button type="button" class="dw-button" data-variant="secondary" part="add-link-confirm" onClick={add}>
            {strings.add}
          </button>
        </span>
      )}
    </>
  );
}

import { useEffect } from 'preact/hooks';
import { catalogue } from '../i18n/catalogue.ts';
import toastCss from './undo-toast.css?inline';
import { useShadowStyles } from './lazy-styles.ts';

/** How long Undo stays offered: long enough to find the button by keyboard or screen reader. */
const offeredForMs = 10_000;

/**
 * "New conversation started — Undo", after the header's New conversation: a status message (spoken
 * once) with the button that brings the previous conversation back, gone after a while.
 */
export function UndoToast({ onUndo, onDismiss }: { onUndo: () => void; onDismiss: () => void }) {
  const styled = useShadowStyles<HTMLDivElement>(toastCss);
  useEffect(() => {
    const timer = setTimeout(onDismiss, offeredForMs);
    return () => clearTimeout(timer);
  }, []);
  const strings = catalogue.value;
  return (
    <div ref={styled} class="dw-toast" part="undo-toast" role="status">
      <span>{strings.newConversationStarted}</span>
      <button
        type="button"
        class="dw-button"
        data-variant="secondary"
        part="undo"
        onClick={() => {
          // The toast goes away with focus in it: the message box is where the visitor carries on.
          styled.current?.closest('[part~="panel"]')?.querySelector<HTMLElement>('[part~="input"]')?.focus();
          onUndo();
          onDismiss();
        }}
      >
        {strings.undo}
      </button>
    </div>
  );
}

import { signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Attachment } from '../media/attachments.ts';
import type { DisplayMode, EmitEvent } from '../shared/contract.ts';

export interface ViewModelOptions {
  mode: DisplayMode;
  /** The shadow root the widget renders in, to know whether focus is inside the widget. */
  root: ShadowRoot | Document;
  host: Element;
  emit: EmitEvent;
  onOpen: () => void;
}

/** Whether the panel is open, and where focus goes when it closes. */
export interface ViewModel {
  mode: DisplayMode;
  isOpen: ReadonlySignal<boolean>;
  /** The composer's text, kept here so closing the panel does not lose a draft. */
  draft: ReadonlySignal<string>;
  /** Files attached in the composer (kept up to date by the upload chunk), sent with the next message. */
  attachments: Signal<readonly Attachment[]>;
  launcher: { current: HTMLElement | null };
  /** False when the panel opened by itself (the `open` option): then focus stays where the visitor is. */
  readonly moveFocusOnOpen: boolean;
  open(options?: { moveFocus?: boolean }): void;
  close(): void;
  toggle(): void;
  setDraft(text: string): void;
}

/**
 * Creates the view state. Opening remembers what had focus on the page (when it was not the
 * widget itself); closing puts focus back there, or on the launcher, but only when focus was inside
 * the widget: closing from the JS API must not pull focus away from what the visitor is doing.
 */
export function createViewModel(options: ViewModelOptions): ViewModel {
  const inline = options.mode === 'inline';
  const isOpen = signal(inline);
  const draft = signal('');
  const launcher: { current: HTMLElement | null } = { current: null };
  let returnTarget: HTMLElement | undefined;
  let moveFocusOnOpen = true;

  function open(openOptions: { moveFocus?: boolean } = {}) {
    if (inline || isOpen.peek()) return;
    moveFocusOnOpen = openOptions.moveFocus ?? true;
    const active = document.activeElement;
    returnTarget = active instanceof HTMLElement && active !== options.host && active !== document.body ? active : undefined;
    isOpen.value = true;
    options.onOpen();
    options.emit('open', {});
  }

  function close() {
    if (inline || !isOpen.peek()) return;
    const focusInside = options.root.activeElement !== null && options.root.activeElement !== document.body;
    isOpen.value = false;
    options.emit('close', {});
    if (focusInside) (returnTarget?.isConnected ? returnTarget : launcher.current)?.focus();
  }

  return {
    mode: options.mode,
    isOpen,
    draft,
    attachments: signal([]),
    launcher,
    get moveFocusOnOpen() {
      return moveFocusOnOpen;
    },
    open,
    close,
    toggle: () => (isOpen.peek() ? close() : open()),
    setDraft: (text) => void (draft.value = text),
  };
}

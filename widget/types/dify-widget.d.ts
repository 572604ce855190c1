/**
 * Types for the dify-widget embed: `window.DifyWidget`, `window.difyWidgetConfig` and the
 * `dify-widget:<event>` CustomEvents. Copy this file into a project (or reference it with
 * `/// <reference path="dify-widget.d.ts" />`) to type calls to the widget. See widget/EMBEDDING.md.
 */

/** Options, as `window.difyWidgetConfig = {…}` before widget.js (the script's `data-*` attributes win). */
export interface DifyWidgetConfig {
  /** App id on a multi-app proxy (`/apps/<app>/v1`); leave out for the proxy's default app. */
  app?: string;
  /** Panel title and launcher label; defaults to the app's title from Dify. */
  title?: string;
  /** Brand colour (any CSS colour). The `--dify-widget-primary` custom property wins over it. */
  primaryColor?: string;
  'primary-color'?: string;
  position?: 'right' | 'left';
  /** Open the panel as soon as the widget loads. */
  open?: boolean;
  /** Interface language tag, e.g. `de`, `zh-Hans`, `ar`; unset, Dify's default language or the browser's is used. */
  lang?: string;
  /** Replacements for interface strings, by key, e.g. `{ send: "Ask", chatWith: "Talk to {title}" }`. */
  strings?: Record<string, unknown>;
  /** `bubble` (default) or `inline` into `target`. */
  mode?: 'bubble' | 'inline';
  /** CSS selector of the element an inline widget renders into. */
  target?: string;
  /** Where the visitor session and conversation are kept: `local` (default), `session` or `none`. */
  persist?: 'local' | 'session' | 'none';
  /** A short-lived JWT your backend signed with IDENTITY_SECRET for a logged-in visitor. */
  identity?: string;
  /** Hosts whose images may load in answers, e.g. `['cdn.example.com', '*.example.org']` (or one string separated by spaces). */
  imageHosts?: string | string[];
  'image-hosts'?: string | string[];
  /** `'on'` (or true) draws mermaid code blocks in answers as diagrams; needs `style-src 'unsafe-inline'` under a CSP. */
  mermaid?: boolean | 'on' | 'off';
}

/** Event payloads, as given to `on(event, listener)`. `app` is the widget's `data-app`, or null for the default app. */
export interface DifyWidgetEventMap {
  /** The chat code has loaded; API calls run at once from now on. */
  ready: { app: string | null; mode: 'bubble' | 'inline' };
  open: { app: string | null };
  close: { app: string | null };
  /** A message the visitor sent (`role: 'user'`) or a finished answer (`role: 'assistant'`). */
  message: {
    app: string | null;
    role: 'user' | 'assistant';
    text: string;
    conversationId?: string;
    messageId?: string;
    /** `paused`: a chatflow waits for the visitor to answer a form; a later message follows when it finishes. */
    ending?: 'complete' | 'aborted' | 'paused';
  };
  /** Something failed; `message` is the sentence the visitor saw, `detail` the server's own words (for you, not shown). */
  error: { app: string | null; kind: string; code: string; status?: number; message: string; detail?: string };
  /** The visitor rated an answer (`rating: null` removes the rating). */
  feedback: { app: string | null; messageId: string; rating: 'like' | 'dislike' | null };
}

export type DifyWidgetEventName = keyof DifyWidgetEventMap;

/** One widget on the page. */
export interface DifyWidgetHandle {
  /** `data-app` (or `default`), with `-2`, `-3`… for further tags of the same app. */
  readonly key: string;
  readonly app: string | null;
  open(): void;
  close(): void;
  toggle(): void;
  /** Sends a message as the visitor (opens the panel first). */
  send(text: string): void;
  newConversation(): void;
  /** Switches to a verified visitor (JWT signed by your backend); starts a new conversation if the user changes. */
  identify(identityToken: string): Promise<void>;
  /** Forgets the visitor's session and conversation on this device. */
  logout(): Promise<void>;
  /** App inputs for new conversations (the proxy decides which ones a visitor may set). */
  setInputs(inputs: Record<string, unknown>): void;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<Name extends DifyWidgetEventName>(name: Name, listener: (detail: DifyWidgetEventMap[Name]) => void): () => void;
  /** Removes this widget from the page. */
  destroy(): void;
}

/** A call made before widget.js loaded: `['open']`, `['send', 'Hi']`, `['on', 'ready', fn]`, or `{ app: 'agent', call: ['open'] }`. */
export type DifyWidgetQueueEntry = [string, ...unknown[]] | { app?: string; call: [string, ...unknown[]] };

/** `window.DifyWidget` once widget.js has run. Its methods act on the first widget on the page. */
export interface DifyWidgetApi extends Omit<DifyWidgetHandle, 'key' | 'app' | 'destroy'> {
  readonly version: string;
  /** Still accepts pushes after load; they run at once. */
  readonly q: { push(...entries: DifyWidgetQueueEntry[]): number };
  readonly instances: Readonly<Record<string, DifyWidgetHandle>>;
  /** A widget by key (`data-app`, or `default`); without a key, the first widget. */
  get(key?: string): DifyWidgetHandle | undefined;
  /** Removes every widget on the page and `window.DifyWidget` itself. */
  destroy(): void;
}

/** What a page sets before widget.js loads: `window.DifyWidget = window.DifyWidget || { q: [] }`. */
export interface DifyWidgetStub {
  q: DifyWidgetQueueEntry[];
}

type DifyWidgetWindowEvents = {
  [Name in DifyWidgetEventName as `dify-widget:${Name}`]: CustomEvent<DifyWidgetEventMap[Name] & { instance: string }>;
};

declare global {
  interface Window {
    DifyWidget?: DifyWidgetApi | DifyWidgetStub;
    difyWidgetConfig?: DifyWidgetConfig;
  }
  interface WindowEventMap extends DifyWidgetWindowEvents {}
}

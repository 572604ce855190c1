/**
 * Types shared by the loader (widget.js, no Preact) and the lazily loaded app chunk. Only types
 * live here, so importing them never pulls code from one bundle into the other.
 */

export type PersistMode = 'local' | 'session' | 'none';
export type DisplayMode = 'bubble' | 'inline';
export type Position = 'right' | 'left';

/** The embed options after validation. Defaults are applied; optional ones are absent when unset. */
export interface WidgetConfig {
  /** App id for multi-app proxies (`/apps/<app>/v1`); absent for the proxy's default app (`/v1`). */
  app?: string;
  title?: string;
  primaryColor?: string;
  position: Position;
  /** Open the chat panel as soon as the widget loads. */
  open: boolean;
  /** A checked language tag for the interface; unset, Dify's default language or the browser's is used. */
  lang?: string;
  /** The site owner's replacements for catalogue strings (`difyWidgetConfig.strings`), checked key by key in the app. */
  strings?: unknown;
  mode: DisplayMode;
  /** CSS selector of the page element an inline widget renders into. */
  target?: string;
  persist: PersistMode;
  /** Host-signed identity JWT for a verified visitor. */
  identity?: string;
  /** `image-hosts` as written: hosts whose images may load in answers (checked by widget/markdown/image-policy.ts). */
  imageHosts?: unknown;
  /** `mermaid` as written: "on" draws mermaid fences as diagrams (checked where diagrams are drawn). */
  mermaid?: unknown;
}

export type Rating = 'like' | 'dislike';

/** The payload of each public event, as passed to `on(name, fn)` and as `CustomEvent.detail`. */
export interface WidgetEventMap {
  ready: { app: string | null; mode: DisplayMode };
  open: { app: string | null };
  close: { app: string | null };
  message: {
    app: string | null;
    role: 'user' | 'assistant';
    text: string;
    conversationId?: string;
    messageId?: string;
    /** For assistant messages: how the answer ended (`complete`, `aborted`, or `paused` on a form to answer). */
    ending?: 'complete' | 'aborted' | 'paused';
  };
  error: { app: string | null; kind: string; code: string; status?: number; message: string; detail?: string };
  feedback: { app: string | null; messageId: string; rating: Rating | null };
}

export type WidgetEventName = keyof WidgetEventMap;

/** Emits a public event from inside the app chunk (the loader owns listeners and CustomEvents). */
export type EmitEvent = <Name extends WidgetEventName>(name: Name, detail: Omit<WidgetEventMap[Name], 'app'>) => void;

/** What the loader hands to the app chunk's `mount`. */
export interface MountContext {
  config: WidgetConfig;
  /** The proxy's base URL, ending with `/` (the directory of widget.js). */
  proxyBase: string;
  host: HTMLElement;
  root: ShadowRoot;
  emit: EmitEvent;
}

/** The commands the app chunk carries out; the loader's public handle forwards to them. */
export interface WidgetController {
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): void;
  newConversation(): void;
  identify(identityToken: string): Promise<void>;
  logout(): Promise<void>;
  setInputs(inputs: Record<string, unknown>): void;
  destroy(): void;
}

/** The app chunk's entry export. */
export type MountWidget = (context: MountContext) => WidgetController;

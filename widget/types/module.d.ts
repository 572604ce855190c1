/**
 * Types of `dify-widget/widget` (dist/module/index.js): the widget as an ES module for apps that
 * bundle it. test/types/package-types.ts checks they match widget/module/index.ts.
 */
import type { DifyWidgetConfig, DifyWidgetHandle } from './dify-widget.js';

export type { DifyWidgetConfig, DifyWidgetEventMap, DifyWidgetEventName, DifyWidgetHandle } from './dify-widget.js';

/** The embed options of `window.difyWidgetConfig`, plus where the proxy is. */
export interface DifyWidgetMountOptions extends Omit<DifyWidgetConfig, 'target'> {
  /** The proxy's URL (where widget.js would be served from), e.g. `https://chat.example.com/`. */
  proxy: string;
  /** Inline mode: the element (or a CSS selector of it) to render into. */
  target?: string | Element;
}

/**
 * Mounts one widget (a bubble, or inline into `target` with `mode: 'inline'`) and returns its handle.
 * Bad options are reported in the console; options it cannot start with (no proxy, inline without a
 * target) throw.
 */
export declare function mount(options: DifyWidgetMountOptions): DifyWidgetHandle;

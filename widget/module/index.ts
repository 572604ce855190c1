/**
 * `dify-widget/widget`: the widget as an ES module, for single-page apps that bundle it themselves
 * instead of adding the `<script>` tag:
 *
 *   import { mount } from 'dify-widget/widget';
 *   const chat = mount({ proxy: 'https://chat.example.com/', app: 'support' });
 *
 * It is the same widget as widget.js (the same option checks, bubble, lazy chat and JS API); only
 * the chat code comes from the host app's bundle instead of the proxy's `/widget/assets/`.
 */
import { readConfig } from '../loader/config.ts';
import { createInstance, type WidgetHandle } from '../loader/instance.ts';

export interface MountOptions {
  /** The proxy's URL (where widget.js would be served from), e.g. `https://chat.example.com/`. */
  proxy: string;
  /** Inline mode: the element (or a CSS selector of it) to render into. */
  target?: string | Element;
  // Every other key is an option as in `window.difyWidgetConfig` (see widget/EMBEDDING.md), checked by
  // readConfig like the script's options; widget/types/module.d.ts types them for users.
}

// A selector that always parses: the element itself is the parent, readConfig only checks the mode.
const givenElement = ':scope';

/**
 * Mounts one widget and returns its handle (`open`, `send`, `on`, `destroy`, …). Bad options are
 * reported in the console as widget.js reports them; options the widget cannot start with throw.
 */
export function mount(options: MountOptions): WidgetHandle {
  const { proxy, target, ...embedOptions } = options;
  if (typeof proxy !== 'string' || proxy === '') {
    throw new TypeError('[dify-widget] mount({ proxy }) needs the proxy URL, e.g. mount({ proxy: "https://chat.example.com/" }).');
  }
  const proxyBase = new URL(proxy.endsWith('/') ? proxy : `${proxy}/`, document.baseURI).href;
  const element = target instanceof Element ? target : undefined;
  const selector = element ? givenElement : target;
  const { config, problems, fatal } = readConfig({}, selector === undefined ? embedOptions : { ...embedOptions, target: selector });
  for (const problem of problems) console.error(`[dify-widget] ${problem}`);
  if (fatal) throw new Error(`[dify-widget] The widget cannot start: ${problems.join(' ')}`);

  const parent = config.mode !== 'inline' ? document.body : (element ?? (config.target ? document.querySelector(config.target) : null));
  if (!parent) throw new Error(`[dify-widget] target "${String(target)}" matches no element on this page.`);
  return createInstance({
    key: config.app ?? 'default',
    config,
    proxyBase,
    parent,
    onDestroy: () => undefined,
    loadApp: () => import('../app/index.ts'),
  });
}

export type { WidgetHandle };

/**
 * widget.js, the one script a site embeds:
 *   <script src="https://chat.example.com/widget.js" defer></script>
 * It has no framework in it: it reads its own tag, paints the bubble, and imports the chat (Preact,
 * markdown) from `<proxy>/widget/assets/…` when the visitor opens it or the page is idle.
 */
import { start } from './start.ts';

declare const __DIFY_WIDGET_APP_ENTRY__: string;
declare const __DIFY_WIDGET_VERSION__: string;

// document.currentScript is only set while this classic script is first evaluated: read it now.
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;

void start({
  script,
  version: __DIFY_WIDGET_VERSION__,
  // The chunk URL is built from the script's own URL, so the widget works wherever the proxy lives.
  loadApp: (proxyBase) => import(/* @vite-ignore */ new URL(`widget/${__DIFY_WIDGET_APP_ENTRY__}`, proxyBase).href),
});

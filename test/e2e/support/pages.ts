/**
 * Host page builders. Pages are templates: `__PROXY__` is replaced with the proxy origin by the
 * host server, so every page loads the built widget.js cross-origin, as a site owner would.
 */

export interface WidgetTagOptions {
  /** `data-*` options on the script tag, without the `data-` prefix (e.g. { app: 'agent' }). */
  data?: Record<string, string>;
  /** Extra attributes (e.g. id) on the script tag. */
  attributes?: Record<string, string>;
}

const escapeAttribute = (value: string): string => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** The one-line embed: `<script src="<proxy>/widget.js" defer data-…>`. */
export function widgetScriptTag(options: WidgetTagOptions = {}): string {
  const data = Object.entries(options.data ?? {}).map(([name, value]) => ` data-${name}="${escapeAttribute(value)}"`);
  const extra = Object.entries(options.attributes ?? {}).map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`);
  return `<script src="__PROXY__/widget.js" defer${data.join('')}${extra.join('')}></script>`;
}

export interface HostPageOptions {
  title?: string;
  /** Markup for <head> before the widget tag (stylesheets, scripts that must run first). */
  head?: string;
  /** Page content. */
  body?: string;
  /** The widget embed; `null` for the same page without the widget (style-leak baseline). */
  widget?: WidgetTagOptions | null;
  /** Raw markup placed after the widget tag in <head> (for example a second widget tag). */
  afterWidget?: string;
}

/** An ordinary host page around the widget embed. */
export function hostPage(options: HostPageOptions = {}): string {
  const widget = options.widget === null ? '' : widgetScriptTag(options.widget ?? {});
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title ?? 'Host page'}</title>
${options.head ?? ''}
${widget}
${options.afterWidget ?? ''}
</head>
<body>
${options.body ?? '<main><h1>A customer site</h1><p>Some content.</p></main>'}
</body>
</html>`;
}

/** Content shaped like a real site: headings, text, controls, and ids widgets like to use. */
export const realisticBody = `
<div id="root"><div id="app">
  <header class="card"><h1 id="title">Acme Store</h1><a id="home-link" href="#top">Home</a></header>
  <main class="card" id="content">
    <p id="intro">Welcome to our shop. We sell very ordinary things.</p>
    <button id="buy" type="button">Buy now</button>
    <label>Search <input id="search" type="text" value="shoes"></label>
    <ul id="list"><li>First</li><li>Second</li></ul>
  </main>
  <div id="chat">Our own (old) chat placeholder</div>
  <div id="dify-widget">A div that happens to have the widget's name</div>
  <div id="dify-chatbot-bubble-button">Dify's own embed id</div>
</div></div>
<div class="cookie-banner" id="cookie-banner">We use cookies.</div>`;

/** Selectors of the host elements whose computed styles must not change when the widget loads. */
export const probedHostSelectors = [
  'html',
  'body',
  '#root',
  '#title',
  '#home-link',
  '#intro',
  '#buy',
  '#search',
  '#list',
  '#chat',
  '#dify-widget',
  '#cookie-banner',
];

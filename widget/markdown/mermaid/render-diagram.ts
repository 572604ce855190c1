// Draws a mermaid diagram. mermaid itself (about 5 MB of code in all) is not bundled: the build copies
// its prebuilt modules next to the widget (scripts/mermaid-files.ts) and this imports them by URL, only
// on a site whose owner set `mermaid: on`, the first time an answer has a mermaid fence.
//
// mermaid draws into the page: it measures labels in a scratch element and writes a <style> element
// into each SVG. Here it draws into a hidden element inside the widget's shadow root (never the host
// page's body), and the finished SVG is shown as an <img> from a data: URL, where nothing in it can
// run or restyle the page. Under a CSP without style-src 'unsafe-inline' the browser refuses (and
// reports) that <style> while mermaid measures: see widget/EMBEDDING.md.

declare const __DIFY_WIDGET_MERMAID_DIRECTORY__: string;

interface Mermaid {
  initialize(config: object): void;
  render(id: string, source: string, container: Element): Promise<{ svg: string }>;
}

function isMermaid(value: unknown): value is Mermaid {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'render') === 'function' &&
    typeof Reflect.get(value, 'initialize') === 'function'
  );
}

let loading: Promise<Mermaid> | undefined;
let counter = 0;
let initialisedDark: boolean | undefined;

function loadMermaid(): Promise<Mermaid> {
  const url = new URL(`${__DIFY_WIDGET_MERMAID_DIRECTORY__}/mermaid.esm.min.mjs`, import.meta.url).href;
  loading ??= (import(/* @vite-ignore */ url) as Promise<unknown>).then((module) => {
    const mermaid = typeof module === 'object' && module !== null ? Reflect.get(module, 'default') : undefined;
    if (!isMermaid(mermaid)) throw new Error('mermaid did not load');
    return mermaid;
  });
  loading.catch(() => (loading = undefined));
  return loading;
}

/** The diagram for `source` as a data: URL of its SVG; rejects when mermaid cannot parse it. */
export async function renderDiagram(source: string, scratch: Element): Promise<string> {
  const mermaid = await loadMermaid();
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  if (initialisedDark !== dark) {
    // strict: no click handlers or HTML in labels; plain SVG text, which draws inside an <img>.
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      theme: dark ? 'dark' : 'default',
      htmlLabels: false,
      flowchart: { htmlLabels: false },
    });
    initialisedDark = dark;
  }
  counter += 1;
  const { svg } = await mermaid.render(`dw-mermaid-${counter}`, source, scratch);
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

// Draws a mermaid diagram. mermaid itself (about 5 MB of code in all) is not bundled: the build copies
// its prebuilt modules next to the widget (scripts/mermaid-files.ts) and this imports them by URL, only
// on a site whose owner set `mermaid: on`, the first time an answer has a mermaid fence.
//
// mermaid draws into the page: it adds a hidden scratch element to the document's body for as long as it
// measures labels (it finds its drawing again by id in the document, which cannot see into the widget's
// shadow root, so a scratch element inside the widget does not work), and writes a <style> element and
// style attributes into it. The finished SVG is shown as an <img> from a data: URL, where nothing in it
// can run or restyle the page. Under a CSP without style-src 'unsafe-inline' the browser refuses (and
// reports) those styles while mermaid measures: see widget/EMBEDDING.md. That is why it is opt-in.

declare const __DIFY_WIDGET_MERMAID_DIRECTORY__: string;

// The diagram's words come with the drawing code, not with every code block's chunk.
import { pickStrings } from '../../i18n/feature-strings.ts';
import { diagramStrings } from './strings.ts';

/** "Diagram" in the active language (read at render, so a language switch re-renders it). */
export const diagramWord = () => pickStrings(diagramStrings).diagram;

interface Mermaid {
  initialize(config: object): void;
  render(id: string, source: string): Promise<{ svg: string }>;
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

/**
 * The diagram for `source` as a data: URL of its SVG and its natural width (mermaid writes width="100%",
 * which an image has no box for); rejects when mermaid cannot parse it.
 */
export async function renderDiagram(source: string): Promise<{ url: string; width: number | undefined }> {
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
  const { svg } = await mermaid.render(`dify-widget-mermaid-${counter}`, source);
  const viewBoxWidth = Number(/viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"/.exec(svg)?.[1]);
  return {
    url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
    width: viewBoxWidth > 0 ? Math.ceil(viewBoxWidth) : undefined,
  };
}

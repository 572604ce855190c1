import { render } from 'preact';
import { afterEach } from 'vitest';
import { Markdown } from '../../../widget/markdown/index.ts';

const mounted: HTMLElement[] = [];

afterEach(() => {
  for (const container of mounted.splice(0)) {
    render(null, container);
    container.remove();
  }
});

/** A fresh container attached to the document, unmounted after the test. */
export function makeContainer(): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  mounted.push(container);
  return container;
}

/** Renders `source` into `container` (a new one by default) and returns the container. */
export function renderMarkdown(source: string, streaming = false, container = makeContainer()): HTMLElement {
  render(<Markdown source={source} streaming={streaming} />, container);
  return container;
}

/** Renders `source` token by token (`size` characters each), then once with streaming false. */
export function streamMarkdown(source: string, size: number, container = makeContainer(), onToken?: (prefix: string) => void): HTMLElement {
  for (let end = size; end < source.length + size; end += size) {
    const prefix = source.slice(0, Math.min(end, source.length));
    renderMarkdown(prefix, true, container);
    onToken?.(prefix);
  }
  return renderMarkdown(source, false, container);
}

/** The rendered root element (`.dw-md`) inside a container. */
export function root(container: HTMLElement): Element {
  const element = container.querySelector('.dw-md');
  if (!element) throw new Error('markdown root not rendered');
  return element;
}

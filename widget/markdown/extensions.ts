import type { ComponentChild } from 'preact';
import type { Inline } from './ast.ts';
import { lazyChunkArrived } from './entities.ts';

/**
 * Parts of the renderer a plain chat never needs (footnotes, math, highlighted code, images): each
 * arrives as its own chunk the first time an answer looks like it uses it, and fills in its hook
 * here. Until then the answer renders without it (formulas as text, code plain, images as links); on
 * arrival every mounted answer parses again (`lazyChunkArrived`).
 */
export const extensions: {
  /** Fetches the chunks `source` needs (lazy-parts.ts, itself loaded on demand). */
  load?: (source: string) => void;
  /** A rewrite of the whole source (footnotes). */
  source?: (source: string) => string;
  /** A construct starting at `text[index]` (math), as the node to show and the index after it. */
  inline?: (text: string, index: number) => { node: ComponentChild; end: number } | undefined;
  /** A fenced block with a language, drawn instead of the plain code block. */
  code?: (info: string, text: string) => ComponentChild;
  /** Text outside links, with what it links by itself (e-mail addresses); undefined when nothing. */
  text?: (text: string) => ComponentChild[] | undefined;
  /** A markdown image (`node.image`): the image when its URL may load, else the link. */
  image?: (node: Inline & { kind: 'link' }) => ComponentChild;
} = {};

let loading: Promise<void> | undefined;

/** Starts fetching what `source` needs: first the small chunk that knows which parts that is. */
export function loadExtensions(source: string): void {
  if (extensions.load) extensions.load(source);
  // A loose test (any `$`, `\`, fence, image, footnote or `@`): the chunk looks closer.
  else if (/[$\\@]|`{3}|~{3}|!\[|\[\^/.test(source))
    loading ??= import('./lazy-parts.ts').then(lazyChunkArrived, () => {
      loading = undefined;
    });
}

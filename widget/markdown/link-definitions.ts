import { unescapeUrl } from './link-destination.ts';
import { safeHref } from './safe-url.ts';

/**
 * Link reference definitions of a document, by normalised label. The value is the vetted href,
 * or null for a definition whose URL is refused (its references then render as their text).
 */
export type Definitions = ReadonlyMap<string, string | null>;

// `[label]: destination "title"`, the title optional and on the same or the next line. Every part
// is bounded or made of disjoint alternatives, so a hostile paragraph costs linear time. When a
// title does not end its line, the regex falls back to a definition without one, as CommonMark does.
const DEFINITION =
  /\[((?:[^\\[\]]|\\[^]){1,999})\]:[ \t]*\n?[ \t]*(?:<((?:[^<>\n\\]|\\.){0,2048})>|([^\s<]\S{0,2047}))(?:(?:[ \t]*\n[ \t]*|[ \t]+)(?:"(?:[^"\\]|\\[^]){0,1024}"|'(?:[^'\\]|\\[^]){0,1024}'|\((?:[^()\\]|\\[^]){0,1024}\)))?[ \t]*(?:\n|$)/y;

/** CommonMark label matching: case-folded, inner whitespace collapsed, trimmed. */
export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase().toUpperCase();
}

/**
 * Removes the link reference definitions that open a paragraph's text, records them in `sink`
 * (the first definition of a label wins) and returns the text left for the paragraph.
 */
export function takeDefinitions(text: string, sink: Map<string, string | null>): string {
  let position = 0;
  for (;;) {
    DEFINITION.lastIndex = position;
    const found = text[position] === '[' ? DEFINITION.exec(text) : null;
    const label = found ? normalizeLabel(found[1] ?? '') : '';
    if (!found || label === '') return text.slice(position);
    if (!sink.has(label)) sink.set(label, safeHref(unescapeUrl(found[2] ?? found[3] ?? '')));
    position = DEFINITION.lastIndex;
  }
}

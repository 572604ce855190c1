// The few HTML tags models write inside text (a line break in a table cell, a footnote mark, a
// key name) become real elements, without any attributes; every other tag stays visible text.
export type InlineHtmlTag = 'sup' | 'sub' | 'kbd' | 'mark' | 'u';

const OPENING = /<(br|sup|sub|kbd|mark|u)[ \t]*\/?>/iy;

/**
 * The allowlisted tag opening at `start`: `<br>`, or an element with the text up to its closing
 * tag. Tags found to have no closer after some point are remembered in `unclosed`, so a run of
 * unclosed openers costs linear time.
 */
export function inlineHtml(
  text: string,
  start: number,
  unclosed: Set<string>,
): { tag: InlineHtmlTag | 'br'; inner: string; end: number } | null {
  OPENING.lastIndex = start;
  const match = OPENING.exec(text);
  const tag = match?.[1]?.toLowerCase() as InlineHtmlTag | 'br' | undefined;
  if (tag === undefined) return null;
  const afterOpening = OPENING.lastIndex;
  if (tag === 'br') return { tag, inner: '', end: afterOpening };
  if (unclosed.has(tag)) return null;
  const closer = new RegExp(`</${tag}[ \t]*>`, 'gi');
  closer.lastIndex = afterOpening;
  const closing = closer.exec(text);
  if (!closing) {
    unclosed.add(tag);
    return null;
  }
  return { tag, inner: text.slice(afterOpening, closing.index), end: closer.lastIndex };
}

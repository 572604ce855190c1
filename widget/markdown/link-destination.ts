import { decodeEntities } from './entities.ts';

// Bounds keep a hostile run of unclosed "](" from costing quadratic time.
const MAX_DESTINATION = 2048;
const MAX_TITLE = 1024;
const ESCAPABLE = /\\([!-/:-@[-`{-~])/g;

/** Removes backslash escapes and decodes character references, as CommonMark does for URLs. */
export function unescapeUrl(raw: string): string {
  return decodeEntities(raw.replace(ESCAPABLE, '$1'));
}

function skipSpaces(text: string, from: number): number {
  let index = from;
  while (text[index] === ' ' || text[index] === '\t' || text[index] === '\n') index += 1;
  return index;
}

/**
 * Parses `(destination "optional title")` starting just after the `(`. Returns the raw destination
 * and the index after the closing `)`, or null when the text there is not a link tail.
 */
export function parseDestination(text: string, from: number): { raw: string; end: number } | null {
  let index = skipSpaces(text, from);
  let raw: string;
  if (text[index] === '<') {
    const close = text.slice(index + 1, index + 1 + MAX_DESTINATION).search(/[<>\n]/);
    if (close < 0 || text[index + 1 + close] !== '>') return null;
    raw = text.slice(index + 1, index + 1 + close);
    index += close + 2;
  } else {
    const begin = index;
    let depth = 0;
    for (; index < text.length && index - begin < MAX_DESTINATION; index += 1) {
      const character = text[index] ?? '';
      if (character === '\\' && index + 1 < text.length) index += 1;
      else if (character === '(') depth += 1;
      else if (character === ')') {
        if (depth === 0) break;
        depth -= 1;
      } else if (character <= ' ') break;
    }
    raw = text.slice(begin, index);
  }
  index = skipSpaces(text, index);
  const quote = text[index];
  if (quote === '"' || quote === "'" || quote === '(') {
    const closing = quote === '(' ? ')' : quote;
    const close = text.slice(index + 1, index + 1 + MAX_TITLE).indexOf(closing);
    if (close < 0) return null;
    index = skipSpaces(text, index + close + 2);
  }
  return text[index] === ')' ? { raw, end: index + 1 } : null;
}

// Where a formula starts and ends in inline text, by the rules pandoc and most chat renderers use:
// `$$…$$` and `\[…\]` are display math, `$…$` and `\(…\)` inline. A single `$` opens only before a
// non-space and closes only after a non-space and before a non-digit, so "$5 and $10" stays text.
// A formula must contain a letter or digit (commands are letters): `\(\)` or `\[\\]` (backslash escapes) are no formulas.

/** A formula found in text: its TeX source, whether it is displayed, and the index after it. */
export interface FoundFormula {
  tex: string;
  display: boolean;
  end: number;
}

// Bounds the search for a closer, so a text full of `$` costs linear time.
const MAX_FORMULA = 2000;
const MEANINGFUL = /[\p{L}\p{N}]/u;

const DELIMITERS = [
  { open: '$$', close: '$$', display: true },
  { open: '\\[', close: '\\]', display: true },
  { open: '\\(', close: '\\)', display: false },
  { open: '$', close: '$', display: false },
] as const;

/** Index of `close` after `from`, skipping backslash escapes; -1 when absent within the bound. */
function findCloser(text: string, from: number, close: string): number {
  const limit = Math.min(text.length, from + MAX_FORMULA);
  for (let index = from; index < limit; index += 1) {
    if (text.startsWith(close, index)) return index;
    if (text[index] === '\\') index += 1;
  }
  return -1;
}

function isSpace(character: string | undefined): boolean {
  return character === undefined || /\s/.test(character);
}

/** The formula starting at `text[start]`, or undefined. */
export function findFormula(text: string, start: number): FoundFormula | undefined {
  for (const { open, close, display } of DELIMITERS) {
    if (!text.startsWith(open, start)) continue;
    const from = start + open.length;
    const single = open === '$';
    if (single && (isSpace(text[from]) || text[from] === '$')) return undefined;
    let at = findCloser(text, from, close);
    // A single `$` after a space, or before a digit, does not close: look further.
    while (single && at >= 0 && (isSpace(text[at - 1]) || /\d/.test(text[at + 1] ?? ''))) at = findCloser(text, at + 1, close);
    if (at < 0) return undefined;
    const tex = text.slice(from, at);
    if (!MEANINGFUL.test(tex)) return undefined;
    return { tex: tex.trim(), display, end: at + close.length };
  }
  return undefined;
}

import type { Block } from './ast.ts';
import type { Step } from './leaf-blocks.ts';

// <details> and <summary> as models write them, on lines of their own and without attributes,
// become a real disclosure with markdown inside; any other form stays text.
/** A line (indentation removed) that opens a details block, maybe with its summary. */
export const DETAILS_OPENING = /^<details>\s*(?:<summary>(.*)<\/summary>\s*)?$/i;
/** A line that closes a details block. */
export const DETAILS_CLOSING = /^\s*<\/details>\s*$/i;
const SUMMARY = /^\s*<summary>(.*)<\/summary>\s*$/i;

/**
 * The details block opening at `start`, up to its closing line (nested ones counted); an unclosed
 * block runs to the end, as a streaming one must. `parseInner` parses the lines inside.
 */
export function detailsBlock(lines: readonly string[], start: number, parseInner: (inner: string[]) => Block[]): Step {
  let summary = DETAILS_OPENING.exec((lines[start] ?? '').trim())?.[1];
  let index = start + 1;
  if (summary === undefined) {
    const line = SUMMARY.exec(lines[index] ?? '');
    if (line) {
      summary = line[1];
      index += 1;
    }
  }
  const inner: string[] = [];
  for (let depth = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (DETAILS_OPENING.test(line.trim())) depth += 1;
    else if (DETAILS_CLOSING.test(line) && depth-- === 0) {
      index += 1;
      break;
    }
    inner.push(line);
  }
  return { block: { kind: 'details', summary: summary ?? '', children: parseInner(inner) }, next: index };
}

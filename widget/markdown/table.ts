import type { Alignment, Block } from './ast.ts';
import { indentOf, interruptsParagraph, isBlank } from './line-rules.ts';

const DELIMITER_CELL = /^:?-+:?$/;

/** Splits a table row on unescaped pipes; `\|` becomes a literal pipe inside the cell. */
function splitRow(line: string): string[] {
  let text = line.trim();
  if (text.startsWith('|')) text = text.slice(1);
  if (text.endsWith('|') && !text.endsWith('\\|')) text = text.slice(0, -1);
  const cells: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === '\\' && text[index + 1] === '|') {
      current += '|';
      index += 1;
    } else if (character === '|') {
      cells.push(current.trim());
      current = '';
    } else {
      current += character;
    }
  }
  cells.push(current.trim());
  return cells;
}

function parseDelimiterRow(line: string): Alignment[] | null {
  if (!line.includes('|') || !line.includes('-') || indentOf(line) >= 4) return null;
  const alignments: Alignment[] = [];
  for (const cell of splitRow(line)) {
    if (!DELIMITER_CELL.test(cell)) return null;
    const left = cell.startsWith(':');
    const right = cell.endsWith(':');
    alignments.push(left && right ? 'center' : right ? 'right' : left ? 'left' : null);
  }
  return alignments;
}

/** True when a GFM table (header row plus matching delimiter row) starts at `start`. */
export function startsTable(lines: readonly string[], start: number): boolean {
  return tableHeader(lines, start) !== null;
}

function tableHeader(lines: readonly string[], start: number): { head: string[]; alignments: Alignment[] } | null {
  const header = lines[start];
  const delimiter = lines[start + 1];
  if (header === undefined || delimiter === undefined) return null;
  if (indentOf(header) >= 4 || !header.includes('|')) return null;
  const alignments = parseDelimiterRow(delimiter);
  if (!alignments) return null;
  const head = splitRow(header);
  return head.length === alignments.length ? { head, alignments } : null;
}

/** Parses the table starting at `start`, or returns null when there is none. */
export function parseTable(lines: readonly string[], start: number): { block: Block; next: number } | null {
  const header = tableHeader(lines, start);
  if (!header) return null;
  const width = header.head.length;
  const rows: string[][] = [];
  let index = start + 2;
  for (; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const indent = indentOf(line);
    if (isBlank(line) || (indent < 4 && interruptsParagraph(line.slice(indent)))) break;
    // GFM: extra cells are dropped, missing ones are empty.
    const cells = splitRow(line).slice(0, width);
    while (cells.length < width) cells.push('');
    rows.push(cells);
  }
  return { block: { kind: 'table', alignments: header.alignments, head: header.head, rows }, next: index };
}

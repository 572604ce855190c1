import type { Block } from './ast.ts';
import { closesFence, indentOf, interruptsParagraph, isBlank, SETEXT_UNDERLINE } from './line-rules.ts';
import { startsTable } from './table.ts';

/** A parsed block and the index of the first line after it. */
export interface Step {
  block: Block;
  next: number;
}

/** An indented (four spaces) code block; blank lines inside are kept, trailing ones are not. */
export function indentedCode(lines: readonly string[], start: number): Step {
  let end = start;
  for (let index = start; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (isBlank(line)) continue;
    if (indentOf(line) < 4) break;
    end = index + 1;
  }
  const text = lines
    .slice(start, end)
    .map((line) => line.slice(Math.min(4, indentOf(line))))
    .join('\n');
  return { block: { kind: 'code', info: '', text }, next: end };
}

/** A fenced code block; an unclosed fence runs to the end, which is what a streaming fence needs. */
export function fencedCode(lines: readonly string[], start: number, indent: number, marker: string, info: string): Step {
  const body: string[] = [];
  let index = start + 1;
  for (; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const lineIndent = indentOf(line);
    if (lineIndent < 4 && closesFence(line.slice(lineIndent), marker)) {
      index += 1;
      break;
    }
    body.push(line.slice(Math.min(indent, lineIndent)));
  }
  return { block: { kind: 'code', info, text: body.join('\n') }, next: index };
}

/** The text of an ATX heading without its optional closing `#` run. */
export function headingText(raw: string): string {
  const text = raw.trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end -= 1;
  if (end === 0) return '';
  const before = text[end - 1];
  return end < text.length && (before === ' ' || before === '\t') ? text.slice(0, end).trim() : text;
}

/** A paragraph, or a setext heading when an underline ends it. */
export function paragraph(lines: readonly string[], start: number): Step {
  const collected = [(lines[start] ?? '').trim()];
  let index = start + 1;
  for (; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (isBlank(line)) break;
    const indent = indentOf(line);
    if (indent < 4) {
      const text = line.slice(indent);
      if (startsTable(lines, index)) break;
      const underline = SETEXT_UNDERLINE.exec(text);
      if (underline) {
        const level = underline[1]?.[0] === '=' ? 1 : 2;
        return { block: { kind: 'heading', level, text: collected.join('\n') }, next: index + 1 };
      }
      if (interruptsParagraph(text)) break;
    }
    collected.push(line.trim());
  }
  return { block: { kind: 'paragraph', text: collected.join('\n') }, next: index };
}

import type { Block, ListItem } from './ast.ts';
import { fencedCode, headingText, indentedCode, paragraph, type Step } from './leaf-blocks.ts';
import {
  ATX_HEADING,
  expandLeadingTabs,
  fenceOpening,
  indentOf,
  interruptsParagraph,
  isBlank,
  isThematicBreak,
  LIST_MARKER,
  listFamily,
} from './line-rules.ts';
import { DETAILS_OPENING, detailsBlock } from './details-block.ts';
import { takeDefinitions } from './link-definitions.ts';
import { parseTable } from './table.ts';

/** Beyond this many nested quotes/lists, content is flattened into plain paragraphs. */
export const MAX_NESTING = 12;

const TASK_MARKER = /^\[([ xX])\](?:[ \t]+|$)/;

interface Parsed {
  blocks: Block[];
  /** True when a blank line separates two of the blocks (makes a list item loose). */
  spaced: boolean;
}

/**
 * Parses a markdown fragment into block nodes. Linear in the input for a bounded nesting depth.
 * Link reference definitions are taken out of the blocks and recorded in `definitions`.
 */
export function parseBlocks(source: string, definitions: Map<string, string | null> = new Map()): Block[] {
  return parseLines(source.split(/\r\n?|\n/), 0, definitions).blocks;
}

function parseLines(rawLines: readonly string[], depth: number, definitions: Map<string, string | null>): Parsed {
  const lines = rawLines.map(expandLeadingTabs);
  if (depth >= MAX_NESTING) return flatten(lines);
  const blocks: Block[] = [];
  let spaced = false;
  let blankSeen = false;
  let index = 0;
  while (index < lines.length) {
    if (isBlank(lines[index] ?? '')) {
      blankSeen = true;
      index += 1;
      continue;
    }
    const step = parseBlockAt(lines, index, depth, definitions);
    index = step.next;
    const block = step.block;
    if (block.kind === 'paragraph') {
      block.text = takeDefinitions(block.text, definitions);
      if (block.text === '') continue;
    }
    if (blankSeen && blocks.length > 0) spaced = true;
    blankSeen = false;
    blocks.push(block);
  }
  return { blocks, spaced };
}

function parseBlockAt(lines: readonly string[], start: number, depth: number, definitions: Map<string, string | null>): Step {
  const line = lines[start] ?? '';
  const indent = indentOf(line);
  if (indent >= 4) return indentedCode(lines, start);
  const text = line.slice(indent);
  const fence = fenceOpening(text);
  if (fence) return fencedCode(lines, start, indent, fence.marker, fence.info);
  const heading = ATX_HEADING.exec(text);
  if (heading) {
    const level = heading[1]?.length ?? 1;
    return { block: { kind: 'heading', level, text: headingText(heading[2] ?? '') }, next: start + 1 };
  }
  if (isThematicBreak(text)) return { block: { kind: 'rule' }, next: start + 1 };
  if (text[0] === '>') return blockquote(lines, start, depth, definitions);
  if (LIST_MARKER.test(text)) return list(lines, start, depth, definitions);
  if (DETAILS_OPENING.test(text.trimEnd())) return detailsBlock(lines, start, (inner) => parseLines(inner, depth + 1, definitions).blocks);
  return parseTable(lines, start) ?? paragraph(lines, start);
}

// Past the nesting limit nothing is interpreted: consecutive lines become one paragraph.
function flatten(lines: readonly string[]): Parsed {
  const blocks: Block[] = [];
  let current: string[] = [];
  for (const line of [...lines, '']) {
    if (!isBlank(line)) current.push(line.trim());
    else if (current.length > 0) {
      blocks.push({ kind: 'paragraph', text: current.join('\n') });
      current = [];
    }
  }
  return { blocks, spaced: false };
}

function blockquote(lines: readonly string[], start: number, depth: number, definitions: Map<string, string | null>): Step {
  const inner: string[] = [];
  let index = start;
  for (; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const indent = indentOf(line);
    if (indent < 4 && line[indent] === '>') {
      const rest = line.slice(indent + 1);
      inner.push(rest[0] === ' ' || rest[0] === '\t' ? rest.slice(1) : rest);
      continue;
    }
    // Lazy continuation: an unmarked line right after quoted paragraph text stays in the quote.
    const previous = inner[inner.length - 1];
    if (isBlank(line) || previous === undefined || isBlank(previous)) break;
    if (indent < 4 && (interruptsParagraph(line.slice(indent)) || LIST_MARKER.test(line.slice(indent)))) break;
    inner.push(line);
  }
  return { block: { kind: 'quote', children: parseLines(inner, depth + 1, definitions).blocks }, next: index };
}

interface ItemLines {
  lines: string[];
  next: number;
  trailingBlanks: number;
}

function collectItem(lines: readonly string[], start: number): ItemLines {
  const line = lines[start] ?? '';
  const markerIndent = indentOf(line);
  const marker = LIST_MARKER.exec(line.slice(markerIndent))?.[0] ?? '';
  const afterMarker = markerIndent + marker.length;
  const rest = line.slice(afterMarker);
  const spaces = indentOf(rest);
  // Content starts after the marker and its spaces, except that five or more spaces mean
  // "one space, then indented code", and an empty first line means "one space".
  const width = isBlank(rest) || spaces >= 5 ? afterMarker + 1 : afterMarker + spaces;
  const first = isBlank(rest) ? '' : spaces >= 5 ? ' '.repeat(spaces - 1) + rest.trimStart() : rest.trimStart();
  const itemLines = [first];
  let previousBlank = first === '';
  let index = start + 1;
  for (; index < lines.length; index += 1) {
    const next = lines[index] ?? '';
    if (isBlank(next)) {
      itemLines.push('');
      previousBlank = true;
      continue;
    }
    const indent = indentOf(next);
    const text = next.slice(indent);
    const isMarker = indent < 4 && LIST_MARKER.test(text) && !isThematicBreak(text);
    if (indent >= width || (isMarker && indent > markerIndent && !previousBlank)) {
      // Leniency: a sub-list indented less than the content column still nests, as authors mean.
      itemLines.push(next.slice(Math.min(indent, width)));
    } else if (!previousBlank && !isMarker && !interruptsParagraph(text)) {
      itemLines.push(next);
    } else {
      break;
    }
    previousBlank = false;
  }
  let trailingBlanks = 0;
  while (itemLines.length > 1 && itemLines[itemLines.length - 1] === '') {
    itemLines.pop();
    trailingBlanks += 1;
  }
  return { lines: itemLines, next: index, trailingBlanks };
}

function list(lines: readonly string[], start: number, depth: number, definitions: Map<string, string | null>): Step {
  const firstLine = lines[start] ?? '';
  const firstMarker = LIST_MARKER.exec(firstLine.slice(indentOf(firstLine)));
  const family = listFamily(firstLine.slice(indentOf(firstLine)));
  const number = firstMarker?.[2];
  const items: ListItem[] = [];
  let loose = false;
  let index = start;
  for (;;) {
    const item = collectItem(lines, index);
    const content = item.lines;
    let checked: boolean | null = null;
    const task = TASK_MARKER.exec(content[0] ?? '');
    if (task) {
      checked = task[1] !== ' ';
      content[0] = (content[0] ?? '').slice(task[0].length);
    }
    const parsed = parseLines(content, depth + 1, definitions);
    if (parsed.spaced) loose = true;
    items.push({ checked, children: parsed.blocks });
    index = item.next;
    const next = lines[index];
    if (next === undefined) break;
    const text = next.slice(indentOf(next));
    const sibling = indentOf(next) < 4 && !isThematicBreak(text) && listFamily(text) === family;
    if (!sibling) {
      index -= item.trailingBlanks;
      break;
    }
    if (item.trailingBlanks > 0) loose = true;
  }
  const block: Block = {
    kind: 'list',
    ordered: number !== undefined,
    start: number === undefined ? 1 : Number(number),
    loose,
    items,
  };
  return { block, next: index };
}

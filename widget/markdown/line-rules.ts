// Line-level recognisers shared by the block parser and the top-level block splitter.
// All patterns are anchored and free of nested quantifiers so a hostile line costs linear time.

/** An ATX heading: level marks, then the text. */
export const ATX_HEADING = /^(#{1,6})(?:[ \t]+(.*))?$/;
/** A fence opening: marker run, then the info string. */
const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;
/** A list item marker: bullet, or number with `.` / `)`, followed by whitespace or the line end. */
export const LIST_MARKER = /^(?:([*+-])|(\d{1,9})([.)]))(?=[ \t]|$)/;
/** A setext underline: `=` (level 1) or `-` (level 2). */
export const SETEXT_UNDERLINE = /^(=+|-+)[ \t]*$/;

const CONTAINER_PREFIX = /^[ \t]*(?:>[ \t]?|(?:[*+-]|\d{1,9}[.)])[ \t]+)/;

/** True for an empty or whitespace-only line. */
export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Number of leading spaces (tabs count to the next multiple of four). */
export function indentOf(line: string): number {
  let column = 0;
  for (const character of line) {
    if (character === ' ') column += 1;
    else if (character === '\t') column += 4 - (column % 4);
    else break;
  }
  return column;
}

/** Replaces leading tabs by spaces so that indentation can be sliced off by column. */
export function expandLeadingTabs(line: string): string {
  if (!line.includes('\t')) return line;
  const match = /^[ \t]+/.exec(line);
  if (!match) return line;
  return ' '.repeat(indentOf(match[0])) + line.slice(match[0].length);
}

/** True for `***`, `- - -`, `___` and the like (three or more of one character, spaces allowed). */
export function isThematicBreak(text: string): boolean {
  const first = text[0];
  if (first !== '-' && first !== '*' && first !== '_') return false;
  let count = 0;
  for (const character of text) {
    if (character === first) count += 1;
    else if (character !== ' ' && character !== '\t') return false;
  }
  return count >= 3;
}

/** The fence marker opening a code block on this line, or null. */
export function fenceOpening(text: string): { marker: string; info: string } | null {
  const match = FENCE_OPEN.exec(text);
  if (!match) return null;
  const marker = match[1] ?? '';
  const info = (match[2] ?? '').trim();
  // A backtick fence's info string may not contain backticks (that is an inline code span).
  if (marker[0] === '`' && info.includes('`')) return null;
  return { marker, info };
}

/** True when `text` closes a fence opened with `marker`. */
export function closesFence(text: string, marker: string): boolean {
  const trimmed = text.trimEnd();
  if (trimmed.length < marker.length || trimmed[0] !== marker[0]) return false;
  for (const character of trimmed) if (character !== marker[0]) return false;
  return true;
}

/**
 * Strips blockquote and list markers from the front of a line, for the splitter's fence tracking,
 * and reports the indentation left after them.
 */
export function stripContainerMarkers(line: string): { text: string; indent: number } {
  let rest = line;
  for (let guard = 0; guard < 64; guard += 1) {
    const match = CONTAINER_PREFIX.exec(rest);
    if (!match) break;
    rest = rest.slice(match[0].length);
  }
  const indent = indentOf(rest);
  return { text: rest.trimStart(), indent };
}

/** The list marker family of a line (`-`, `*`, `+`, `.` or `)`), or null. */
export function listFamily(text: string): string | null {
  const match = LIST_MARKER.exec(text);
  if (!match) return null;
  return match[1] ?? match[3] ?? null;
}

/**
 * True when a line (indentation already removed) starts a block that may interrupt a paragraph:
 * a heading, fence, thematic break, blockquote, a bullet item with content, or an ordered item
 * numbered 1 with content.
 */
export function interruptsParagraph(text: string): boolean {
  if (ATX_HEADING.test(text) || fenceOpening(text) !== null || isThematicBreak(text) || text[0] === '>') {
    return true;
  }
  const marker = LIST_MARKER.exec(text);
  if (!marker || isBlank(text.slice(marker[0].length))) return false;
  return marker[2] === undefined || marker[2] === '1';
}

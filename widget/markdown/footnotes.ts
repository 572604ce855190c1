// GFM footnotes, loaded as their own chunk the first time an answer contains "[^". They are a
// rewrite of the source into what the renderer already draws: each reference becomes <sup>n</sup>
// (numbered in order of first use) and the notes an ordered list after a rule at the end. No
// anchors: ids would clash between answers, and the notes sit just below the text anyway.
import { extensions } from './extensions.ts';

const DEFINITION = /^ {0,3}\[\^([^\]\s]{1,100})\]:[ \t]?(.*)$/;
const REFERENCE = /\[\^([^\]\s]{1,100})\]/g;
const FENCE = /^ {0,3}(?:`{3,}|~{3,})/;
const INDENTED = /^(?: {2,}|\t)/;

/** Collects the definitions (first one of a label wins) and returns the other lines. */
function takeNotes(lines: readonly string[], notes: Map<string, string[]>): string[] {
  const kept: string[] = [];
  let inFence = false;
  let note: string[] | null = null;
  let blanks = 0;
  for (const line of lines) {
    if (FENCE.test(line)) inFence = !inFence;
    const definition = inFence ? null : DEFINITION.exec(line);
    if (definition) {
      note = [definition[2] ?? ''];
      if (!notes.has(definition[1] ?? '')) notes.set(definition[1] ?? '', note);
      blanks = 0;
    } else if (note && line.trim() === '') {
      blanks += 1;
    } else if (note && (INDENTED.test(line) || blanks === 0)) {
      // An indented line continues the note, even after blank lines; an unindented one only directly.
      for (; blanks > 0; blanks -= 1) note.push('');
      note.push(line.replace(/^(?: {1,4}|\t)/, ''));
    } else {
      for (; blanks > 0; blanks -= 1) kept.push('');
      note = null;
      kept.push(line);
    }
  }
  return kept;
}

/** The source with its footnote references and definitions turned into superscripts and a list. */
export function resolveFootnotes(source: string): string {
  if (!source.includes('[^')) return source;
  const notes = new Map<string, string[]>();
  const kept = takeNotes(source.split('\n'), notes);
  const order: string[] = [];
  let inFence = false;
  const text = kept
    .map((line) => {
      if (FENCE.test(line)) inFence = !inFence;
      if (inFence) return line;
      return line.replace(REFERENCE, (whole, label: string) => {
        if (!notes.has(label)) return whole;
        if (!order.includes(label)) order.push(label);
        return `<sup>${order.indexOf(label) + 1}</sup>`;
      });
    })
    .join('\n');
  if (order.length === 0) return text;
  const items = order.map((label, index) => {
    const marker = `${index + 1}. `;
    const [first = '', ...rest] = notes.get(label) ?? [];
    return [marker + first, ...rest.map((line) => (line === '' ? '' : ' '.repeat(marker.length) + line))].join('\n');
  });
  return `${text.trimEnd()}\n\n---\n\n${items.join('\n')}\n`;
}

extensions.source = resolveFootnotes;

import { DETAILS_CLOSING, DETAILS_OPENING } from './details-block.ts';
import { closesFence, fenceOpening, isBlank, listFamily, stripContainerMarkers } from './line-rules.ts';

/**
 * A source cut into top-level chunks. `settled` chunks can never change as text is appended
 * (their boundaries were decided by complete lines only); `tail` is the growing rest.
 */
export interface BlockSplit {
  source: string;
  settled: readonly string[];
  /** Offset in `source` where `tail` begins. */
  settledEnd: number;
  tail: string;
  /** True when a fence opened on a complete line is still open at the end of `source`. */
  inFence: boolean;
}

interface OpenFence {
  marker: string;
  indent: number;
}

/**
 * Splits `source` into chunks at blank lines followed by an unindented line that does not continue
 * the current list and is not inside a fence. Pass the previous result when `source` grew by
 * appending: scanning then resumes at the previous tail, so the cost is proportional to the tail.
 * With `complete` false, the last line (no newline yet) is never used to decide a boundary.
 */
export function splitBlocks(source: string, complete: boolean, previous?: BlockSplit): BlockSplit {
  const resume =
    previous !== undefined && source.length >= previous.settledEnd && source.startsWith(previous.source.slice(0, previous.settledEnd));
  const settled = resume ? [...previous.settled] : [];
  let chunkStart = resume ? previous.settledEnd : 0;
  let fence: OpenFence | null = null;
  let list: string | null = null;
  let previousBlank = false;
  let chunkHasContent = false;
  // Open <details> blocks: blank lines inside one do not end the chunk.
  let details = 0;
  let position = chunkStart;
  while (position < source.length) {
    const newline = source.indexOf('\n', position);
    if (newline < 0 && !complete) break;
    const lineEnd = newline < 0 ? source.length : newline;
    const line = source.slice(position, source[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd);
    const blank = isBlank(line);
    if (fence) {
      const inner = stripContainerMarkers(line);
      if (inner.indent <= fence.indent + 3 && closesFence(inner.text, fence.marker)) fence = null;
    } else if (!blank) {
      const unindented = line[0] !== ' ' && line[0] !== '\t';
      const family = unindented ? listFamily(line) : null;
      if (previousBlank && chunkHasContent && unindented && details === 0 && (list === null || family !== list)) {
        settled.push(source.slice(chunkStart, position));
        chunkStart = position;
        list = null;
      }
      if (family !== null) list = family;
      if (DETAILS_OPENING.test(line.trim())) details += 1;
      else if (details > 0 && DETAILS_CLOSING.test(line)) details -= 1;
      chunkHasContent = true;
      const inner = stripContainerMarkers(line);
      const opening = fenceOpening(inner.text);
      if (opening) fence = { marker: opening.marker, indent: inner.indent };
    }
    previousBlank = blank && fence === null;
    position = newline < 0 ? source.length : newline + 1;
  }
  return { source, settled, settledEnd: chunkStart, tail: source.slice(chunkStart), inFence: fence !== null };
}

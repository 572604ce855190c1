/** How answer text is cut into stream deltas (pure). */

/** Cuts prose into deltas of one to three words, keeping every character. */
export function chunkWords(text: string): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const chunks: string[] = [];
  const sizes = [2, 1, 3, 2, 1];
  let index = 0;
  let turn = 0;
  while (index < words.length) {
    const size = sizes[turn % sizes.length] ?? 1;
    chunks.push(words.slice(index, index + size).join(''));
    index += size;
    turn += 1;
  }
  return chunks;
}

/**
 * Cuts text into small deltas of one to four code points, so that markup (`**`, `](`, fences) and
 * multi-code-point characters (emoji sequences, combining accents) straddle frames. A code point is never
 * split, so each delta is valid text that JSON can carry.
 */
export function chunkFinely(text: string): string[] {
  const codePoints = [...text];
  const sizes = [3, 1, 2, 4, 1, 2];
  const chunks: string[] = [];
  let index = 0;
  let turn = 0;
  while (index < codePoints.length) {
    const size = sizes[turn % sizes.length] ?? 1;
    chunks.push(codePoints.slice(index, index + size).join(''));
    index += size;
    turn += 1;
  }
  return chunks;
}

/** Cuts long markdown into line-aware deltas of a few words, so block syntax also straddles frames. */
export function chunkMarkdown(text: string): string[] {
  return text.match(/[^\s]+[ \t]*\n*|[ \t]+\n*|\n+/g) ?? [];
}

/** An answer cut into the model's leading reasoning (if any) and the answer proper. */
export interface ReasoningSplit {
  /** The reasoning's markdown, or null when the answer does not open with any. */
  reasoning: string | null;
  /** True once the reasoning's closing tag has arrived. */
  closed: boolean;
  answer: string;
}

// Reasoning models open with <think>…</think>; Dify rewrites that, for its own web app, into
// <details style="…" open> <summary> Thinking... </summary>…</details>. Both are recognised only
// at the very start of an answer, which is where they come.
const THINK_OPEN = /^\s*<think>/;
const DIFY_OPEN = /^\s*<details[^>]*>\s*<summary>\s*Thinking\.\.\.\s*<\/summary>/;

/**
 * Separates leading reasoning from the answer. While `streaming`, text that may still become an
 * opener is held back (answer ''), so "<thi" never flashes on screen.
 */
export function splitReasoning(source: string, streaming: boolean): ReasoningSplit {
  if (source.trimStart()[0] !== '<') return { reasoning: null, closed: false, answer: source };
  const opener = THINK_OPEN.exec(source) ?? DIFY_OPEN.exec(source);
  if (!opener) {
    // Dify sends its opener in one piece; a model types <think> token by token.
    const held = streaming && '<think>'.startsWith(source.trimStart());
    return { reasoning: null, closed: false, answer: held ? '' : source };
  }
  const closing = opener[0].includes('<think>') ? '</think>' : '</details>';
  const end = source.indexOf(closing, opener[0].length);
  if (end < 0) return { reasoning: source.slice(opener[0].length), closed: false, answer: '' };
  return {
    reasoning: source.slice(opener[0].length, end),
    closed: true,
    answer: source.slice(end + closing.length).trimStart(),
  };
}

import type { Inline } from './ast.ts';

/** Emphasis nested deeper than this is left as literal delimiters (keeps render recursion shallow). */
export const MAX_INLINE_NESTING = 16;

/** A run of `*`, `_` or `~` waiting to be matched (CommonMark's delimiter run). */
export interface Delimiter {
  kind: 'delimiter';
  character: '*' | '_' | '~';
  count: number;
  original: number;
  canOpen: boolean;
  canClose: boolean;
}

type Item = Inline | Delimiter;

const depthOf = new WeakMap<Inline, number>();
const WHITESPACE = /\s/;
const PUNCTUATION = /[\p{P}\p{S}]/u;

function nesting(item: Item): number {
  return item.kind === 'delimiter' ? 0 : (depthOf.get(item) ?? 0);
}

/** Classifies a delimiter run from the characters around it (CommonMark flanking rules). */
export function classifyRun(character: '*' | '_' | '~', count: number, before: string, after: string): Delimiter {
  const spaceBefore = before === '' || WHITESPACE.test(before);
  const spaceAfter = after === '' || WHITESPACE.test(after);
  const punctuationBefore = PUNCTUATION.test(before);
  const punctuationAfter = PUNCTUATION.test(after);
  const left = !spaceAfter && (!punctuationAfter || spaceBefore || punctuationBefore);
  const right = !spaceBefore && (!punctuationBefore || spaceAfter || punctuationAfter);
  const underscore = character === '_';
  return {
    kind: 'delimiter',
    character,
    count,
    original: count,
    canOpen: underscore ? left && (!right || punctuationBefore) : left,
    canClose: underscore ? right && (!left || punctuationAfter) : right,
  };
}

function matches(opener: Delimiter, closer: Delimiter): boolean {
  if (opener.character === '~') return opener.count === closer.count;
  // The "rule of three" from the CommonMark spec.
  const either = opener.canClose || closer.canOpen;
  const sum = opener.original + closer.original;
  return !(either && sum % 3 === 0 && !(opener.original % 3 === 0 && closer.original % 3 === 0));
}

/**
 * Collects inline items in order and resolves emphasis as closers arrive. Each delimiter
 * character keeps its own opener stack, so a closer looks at few candidates: linear in practice.
 */
export class InlineCollector {
  private readonly items: Item[] = [];
  private readonly openers: Record<Delimiter['character'], number[]> = { '*': [], _: [], '~': [] };

  push(node: Inline): void {
    const last = this.items[this.items.length - 1];
    if (node.kind === 'text' && last?.kind === 'text') last.text += node.text;
    else this.items.push(node);
  }

  pushDelimiter(delimiter: Delimiter): void {
    if (delimiter.canClose) this.close(delimiter);
    if (delimiter.count === 0) return;
    if (delimiter.canOpen) {
      this.items.push(delimiter);
      this.openers[delimiter.character].push(this.items.length - 1);
    } else {
      this.push({ kind: 'text', text: delimiter.character.repeat(delimiter.count) });
    }
  }

  finish(): Inline[] {
    const result: Inline[] = [];
    for (const item of this.items) {
      const node: Inline = item.kind === 'delimiter' ? { kind: 'text', text: item.character.repeat(item.count) } : item;
      const last = result[result.length - 1];
      if (node.kind === 'text' && last?.kind === 'text') result[result.length - 1] = { kind: 'text', text: last.text + node.text };
      else result.push(node);
    }
    return result;
  }

  private close(closer: Delimiter): void {
    const stack = this.openers[closer.character];
    while (closer.count > 0) {
      let found = -1;
      for (let position = stack.length - 1; position >= 0 && stack.length - position <= 32; position -= 1) {
        const candidate = this.items[stack[position] ?? -1];
        if (candidate?.kind === 'delimiter' && matches(candidate, closer)) {
          found = position;
          break;
        }
      }
      if (found < 0) return;
      const at = stack[found] ?? 0;
      const opener = this.items[at];
      if (opener?.kind !== 'delimiter') return;
      let deepest = 0;
      for (let index = at + 1; index < this.items.length; index += 1) {
        deepest = Math.max(deepest, nesting(this.items[index] ?? opener));
      }
      if (deepest >= MAX_INLINE_NESTING) return;
      const used = closer.character === '~' ? closer.count : Math.min(2, opener.count, closer.count) === 2 ? 2 : 1;
      const children = this.items
        .splice(at + 1)
        .map((item): Inline => (item.kind === 'delimiter' ? { kind: 'text', text: item.character.repeat(item.count) } : item));
      // Openers inside the new node can no longer match anything outside it.
      for (const openerStack of Object.values(this.openers)) {
        while ((openerStack[openerStack.length - 1] ?? -1) > at) openerStack.pop();
      }
      opener.count -= used;
      closer.count -= used;
      if (opener.count === 0) {
        this.items.splice(at, 1);
        stack.pop();
      }
      const kind = closer.character === '~' ? 'del' : used === 2 ? 'strong' : 'em';
      const node: Inline = { kind, children };
      depthOf.set(node, deepest + 1);
      this.items.push(node);
    }
  }
}

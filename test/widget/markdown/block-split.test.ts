import { describe, expect, it } from 'vitest';
import { type BlockSplit, splitBlocks } from '../../../widget/markdown/block-split.ts';
import { sampleAnswer } from './sample-answer.ts';

function chunks(source: string, complete = true): string[] {
  const split = splitBlocks(source, complete);
  return split.tail === '' ? [...split.settled] : [...split.settled, split.tail];
}

describe('splitBlocks', () => {
  it('cuts at blank lines before unindented blocks and keeps the text intact', () => {
    const source = '# Title\n\nPara one\nstill one\n\n> quote\n\n---\n\nlast';
    expect(chunks(source)).toEqual(['# Title\n\n', 'Para one\nstill one\n\n', '> quote\n\n', '---\n\n', 'last']);
  });

  it('keeps a fenced code block with blank and unindented lines inside in one chunk', () => {
    const source = 'before\n\n```py\ndef f():\n\n    return 1\n\nprint(f())\n```\n\nafter';
    expect(chunks(source)).toEqual(['before\n\n', '```py\ndef f():\n\n    return 1\n\nprint(f())\n```\n\n', 'after']);
  });

  it('does not let an indented or info-string fence line close a fence', () => {
    const source = '````md\n```js\n\nx\n    ```\n\ny\n````\n\nafter';
    expect(chunks(source)).toEqual(['````md\n```js\n\nx\n    ```\n\ny\n````\n\n', 'after']);
  });

  it('keeps fences opened inside list items and quotes together', () => {
    expect(chunks('- item\n  ```\n  a\n\nb\n  ```\n\nafter')).toEqual(['- item\n  ```\n  a\n\nb\n  ```\n\n', 'after']);
    expect(chunks('> ```\n> a\n\nb\n```\n\nafter')).toEqual(['> ```\n> a\n\nb\n```\n\n', 'after']);
  });

  it('keeps a loose list and its indented continuation paragraphs in one chunk', () => {
    const source = '1. one\n\n   more one\n\n2. two\n\n- other family\n\nafter';
    expect(chunks(source)).toEqual(['1. one\n\n   more one\n\n2. two\n\n', '- other family\n\n', 'after']);
  });

  it('keeps indented code with blank lines in one chunk', () => {
    expect(chunks('    a\n\n    b\n\nc')).toEqual(['    a\n\n    b\n\n', 'c']);
  });

  it('never decides a boundary from an incomplete last line while streaming', () => {
    // "1" could still become "1. b", which would continue the list above.
    expect(splitBlocks('1. a\n\n1', false).settled).toEqual([]);
    expect(splitBlocks('1. a\n\nx\n', false).settled).toEqual(['1. a\n\n']);
    expect(splitBlocks('1. a\n\n1', true).settled).toEqual(['1. a\n\n']);
  });

  it('resumes from the previous split and agrees with a fresh split at every prefix', () => {
    const source = sampleAnswer(4_000);
    let previous: BlockSplit | undefined;
    for (let end = 1; end <= source.length; end += 1) {
      const prefix = source.slice(0, end);
      const resumed = splitBlocks(prefix, false, previous);
      expect(resumed).toEqual(splitBlocks(prefix, false));
      previous = resumed;
    }
    const final = splitBlocks(source, true, previous);
    expect(final).toEqual(splitBlocks(source, true));
    expect(final.settled.join('') + final.tail).toBe(source);
    expect(final.settled.length).toBeGreaterThan(20);
  });

  it('starts over when the source is replaced rather than appended to', () => {
    const first = splitBlocks('# A\n\nB\n\nC', true);
    const replaced = splitBlocks('# X\n\nY', true, first);
    expect(replaced).toEqual(splitBlocks('# X\n\nY', true));
  });
});

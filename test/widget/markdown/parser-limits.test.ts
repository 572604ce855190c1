import { describe, expect, it } from 'vitest';
import type { Block, Inline } from '../../../widget/markdown/ast.ts';
import { MAX_NESTING, parseBlocks } from '../../../widget/markdown/block-parser.ts';
import { MAX_INLINE_NESTING } from '../../../widget/markdown/emphasis.ts';
import { parseInline } from '../../../widget/markdown/inline-parser.ts';
import { linearCostBound, relativeCost } from './relative-cost.ts';

function blockDepth(blocks: readonly Block[]): number {
  let deepest = 0;
  for (const block of blocks) {
    if (block.kind === 'quote') deepest = Math.max(deepest, 1 + blockDepth(block.children));
    if (block.kind === 'list') for (const item of block.items) deepest = Math.max(deepest, 1 + blockDepth(item.children));
  }
  return deepest;
}

function inlineDepth(nodes: readonly Inline[]): number {
  let deepest = 0;
  for (const node of nodes) if ('children' in node) deepest = Math.max(deepest, 1 + inlineDepth(node.children));
  return deepest;
}

/** Parses blocks and every inline text in them, returning the milliseconds spent. */
function timeFullParse(source: string): number {
  const started = performance.now();
  const pending = [...parseBlocks(source)];
  for (let block = pending.pop(); block; block = pending.pop()) {
    if (block.kind === 'paragraph' || block.kind === 'heading') parseInline(block.text);
    else if (block.kind === 'quote') pending.push(...block.children);
    else if (block.kind === 'list') for (const item of block.items) pending.push(...item.children);
    else if (block.kind === 'table') for (const row of [block.head, ...block.rows]) for (const cell of row) parseInline(cell);
  }
  return performance.now() - started;
}

describe('parser limits', () => {
  it('caps quote and list nesting and keeps the rest as flattened text', () => {
    const blocks = parseBlocks(`${'> '.repeat(10_000)}deep`);
    expect(blockDepth(blocks)).toBe(MAX_NESTING);
    expect(JSON.stringify(blocks)).toContain('deep');
    expect(blockDepth(parseBlocks(`${'- '.repeat(10_000)}deep`))).toBe(MAX_NESTING);
  });

  it('caps emphasis nesting and leaves the extra delimiters as text', () => {
    const nodes = parseInline(`${'*'.repeat(5_000)}x${'*'.repeat(5_000)}`);
    expect(inlineDepth(nodes)).toBeLessThanOrEqual(MAX_INLINE_NESTING);
    expect(JSON.stringify(nodes)).toContain('x');
  });

  // Megabyte-sized hostile inputs: a quadratic step would take minutes, a linear one costs a few times what
  // ordinary markdown of the same length costs. Compared with that, not with a deadline, so that a loaded
  // machine makes the test slower but never red.
  it.each<readonly [string, () => string]>([
    ['100 000 list items', () => '- item\n'.repeat(100_000)],
    ['100 000 blank-separated list items', () => '- item\n\n'.repeat(100_000)],
    ['a 50 000-row table', () => `|a|b|\n|-|-|\n${'|**x**|[l](https://e.example)|\n'.repeat(50_000)}`],
    ['a 100 000-cell row', () => `|${'a|'.repeat(100_000)}\n|${'-|'.repeat(100_000)}\n|${'b|'.repeat(100_000)}`],
    ['100 000 fences', () => '```\n'.repeat(100_000)],
    ['a megabyte of open brackets', () => '['.repeat(1_000_000)],
    ['200 000 unclosed link tails', () => '[a](x'.repeat(200_000)],
    ['200 000 unmatched emphasis openers', () => '*a _b '.repeat(200_000)],
    ['200 000 lazy quote lines', () => `> a\n${'lazy\n'.repeat(200_000)}`],
    ['a megabyte paragraph of bare URL prefixes', () => 'http://'.repeat(150_000)],
  ])(`parses %s in linear time: under ${linearCostBound} times the cost of ordinary markdown`, { timeout: 20_000 }, (_name, build) => {
    const { ratio, report } = relativeCost(build(), timeFullParse);
    expect(ratio, report).toBeLessThan(linearCostBound);
  });
});

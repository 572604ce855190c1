import { beforeAll, describe, expect, it } from 'vitest';
import { loadEntityTable } from '../../../../widget/markdown/entities.ts';
import { renderMarkdown, root, streamMarkdown } from '../render-markdown.tsx';
import { SPEC_EXAMPLES } from './spec-examples.ts';

// Property: however an answer arrives, once it is complete the DOM is exactly what rendering the
// whole text at once gives. Every spec example is streamed in tokens of 1, 3 and 7 characters
// (each prefix rendered with streaming on), then once with streaming off, into the same container.
describe('streaming invariant over the CommonMark examples', () => {
  beforeAll(() => loadEntityTable());

  it.each([1, 3, 7])('ends every example streamed in %i-character tokens with the one-shot DOM', (tokenSize) => {
    const mismatches: number[] = [];
    for (const example of SPEC_EXAMPLES) {
      const streamed = root(streamMarkdown(example.markdown, tokenSize)).innerHTML;
      const oneShot = root(renderMarkdown(example.markdown)).innerHTML;
      if (streamed !== oneShot) mismatches.push(example.number);
    }
    expect(mismatches).toEqual([]);
  });
});

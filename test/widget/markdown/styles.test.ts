import { describe, expect, it } from 'vitest';
import { markdownCss } from '../../../widget/markdown/styles.ts';

// The answer sits in the message list, an <ol> whose markers are off; list-style-type is inherited,
// so without these rules a bulleted answer shows no bullets at all.
describe('markdown styles', () => {
  it('gives lists in an answer document bullets and numbers', () => {
    expect(markdownCss).toContain('.dw-md ul{list-style:disc}');
    expect(markdownCss).toContain('.dw-md ol{list-style:decimal}');
    expect(markdownCss).toContain('.dw-md ul ul{list-style-type:circle}');
  });

  it('keeps words whole in table cells and lets the table scroll instead', () => {
    expect(markdownCss).toMatch(/\.dw-md th,\.dw-md td\{[^}]*overflow-wrap:normal/);
    expect(markdownCss).toContain('.dw-md .dw-md-table{overflow-x:auto}');
  });
});

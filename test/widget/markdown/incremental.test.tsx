import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as blockParser from '../../../widget/markdown/block-parser.ts';
import { splitBlocks } from '../../../widget/markdown/block-split.ts';
import { makeContainer, renderMarkdown, root, streamMarkdown } from './render-markdown.tsx';
import { sampleAnswer } from './sample-answer.ts';

// Wrap the real block parser in a spy so the tests can see which texts get parsed, and when.
vi.mock('../../../widget/markdown/block-parser.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../widget/markdown/block-parser.ts')>();
  return { ...actual, parseBlocks: vi.fn(actual.parseBlocks) };
});

const parseBlocks = vi.mocked(blockParser.parseBlocks);

beforeEach(() => {
  parseBlocks.mockClear();
});

describe('incremental rendering', () => {
  it.each([1, 3, 7, 64])('gives the same final DOM streamed in %i-character tokens as rendered whole', { timeout: 20_000 }, (size) => {
    const source = sampleAnswer(6_000);
    const whole = root(renderMarkdown(source)).innerHTML;
    expect(root(streamMarkdown(source, size)).innerHTML).toBe(whole);
  });

  it('parses each token only the growing tail, never a settled block again', { timeout: 20_000 }, () => {
    const source = sampleAnswer(10_000);
    const container = makeContainer();
    const settledBefore = new Set<string>();
    let parsedCharacters = 0;
    let naiveCharacters = 0;
    let tokenCount = 0;
    streamMarkdown(source, 3, container, (prefix) => {
      tokenCount += 1;
      naiveCharacters += prefix.length;
      const texts = parseBlocks.mock.calls.map(([text]) => text);
      parseBlocks.mockClear();
      // At most the new tail, plus the block that just settled.
      expect(texts.length).toBeLessThanOrEqual(2);
      for (const text of texts) {
        expect(settledBefore.has(text), `re-parsed a settled block: ${JSON.stringify(text.slice(0, 40))}`).toBe(false);
        parsedCharacters += text.length;
      }
      for (const text of splitBlocks(prefix, false).settled) settledBefore.add(text);
    });
    expect(tokenCount).toBeGreaterThan(3_000);
    expect(settledBefore.size).toBeGreaterThan(50);
    // Whole-document re-parsing would touch every character of every prefix.
    expect(parsedCharacters).toBeLessThan(naiveCharacters / 20);
  });

  it('parses nothing more at the end unless the tail reads differently once complete', () => {
    const source = sampleAnswer(3_000);
    const container = makeContainer();
    streamMarkdown(source, 5, container);
    renderMarkdown(source, true, container);
    parseBlocks.mockClear();
    renderMarkdown(source, false, container);
    expect(parseBlocks).not.toHaveBeenCalled();
    const withPartialLink = `${source}\n\nSee [docs](https://docs.exa`;
    renderMarkdown(withPartialLink, true, container);
    parseBlocks.mockClear();
    renderMarkdown(withPartialLink, false, container);
    // The now-complete last line settles the block before it (parsed once), and the tail is re-read.
    const final = splitBlocks(withPartialLink, true);
    expect(parseBlocks.mock.calls.map(([text]) => text)).toEqual([final.settled.at(-1), 'See [docs](https://docs.exa']);
  });

  it('keeps the DOM nodes of settled blocks across tokens', () => {
    const source = sampleAnswer(4_000);
    const container = makeContainer();
    const half = Math.floor(source.length / 2);
    renderMarkdown(source.slice(0, half), true, container);
    const heading = root(container).querySelector('h1');
    const firstTable = root(container).querySelector('table');
    const firstCode = root(container).querySelector('pre');
    expect(heading && firstTable && firstCode).toBeTruthy();
    for (let end = half + 3; end < source.length; end += 3) renderMarkdown(source.slice(0, end), true, container);
    renderMarkdown(source, false, container);
    expect(root(container).querySelector('h1')).toBe(heading);
    expect(root(container).querySelector('table')).toBe(firstTable);
    expect(root(container).querySelector('pre')).toBe(firstCode);
    expect(heading?.isConnected).toBe(true);
  });

  it('keeps the element of a block while it moves from the growing tail to settled', () => {
    const container = makeContainer();
    renderMarkdown('first paragraph', true, container);
    const paragraph = root(container).querySelector('p');
    renderMarkdown('first paragraph\n\nsecond', true, container);
    renderMarkdown('first paragraph\n\nsecond\n\nthird', false, container);
    expect(root(container).querySelector('p')).toBe(paragraph);
    expect(root(container).querySelectorAll('p')).toHaveLength(3);
  });

  it('renders correctly when the source is replaced instead of extended', () => {
    const container = makeContainer();
    streamMarkdown('# Old\n\nold text\n\n- a\n- b', 4, container);
    renderMarkdown('# New\n\nnew text', false, container);
    expect(root(container).innerHTML).toBe('<h1>New</h1><p>new text</p>');
  });
});

describe('streaming partial constructs', () => {
  it('shows an unterminated fence as a code block while it streams', () => {
    const container = renderMarkdown('Text\n\n```js\nconst a = 1;\n\nconst b', true);
    expect(root(container).querySelector('pre code')?.textContent).toBe('const a = 1;\n\nconst b');
    expect(root(container).querySelector('.dw-md-code-lang')?.textContent).toBe('js');
  });

  it('shows a link whose destination is still arriving as its text, without the partial URL', () => {
    const container = renderMarkdown('See [the docs](https://docs.exa', true);
    expect(root(container).textContent).toBe('See the docs');
    expect(container.querySelector('a')).toBeNull();
    renderMarkdown('See [the docs](https://docs.example.com)', true, container);
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://docs.example.com/');
  });

  it('leaves link-like text inside a streaming code block alone', () => {
    const container = renderMarkdown('```js\nconst x = arr[i](', true);
    expect(root(container).querySelector('pre code')?.textContent).toBe('const x = arr[i](');
  });

  it('keeps an incomplete link as plain text when the answer ends there', () => {
    const container = renderMarkdown('See [the docs](https://docs.exa', false);
    expect(root(container).textContent).toBe('See [the docs](https://docs.exa');
    // Only the bare URL is linked (GFM autolink); the bracketed text is not a link.
    expect(Array.from(container.querySelectorAll('a'), (link) => link.textContent)).toEqual(['https://docs.exa']);
  });

  it('shows a partial table header as text until its delimiter row completes', () => {
    const container = renderMarkdown('| a | b |\n|--', true);
    expect(container.querySelector('table')).toBeNull();
    renderMarkdown('| a | b |\n|---|---|\n| 1', true, container);
    expect(Array.from(container.querySelectorAll('th'), (cell) => cell.textContent)).toEqual(['a', 'b']);
  });
});

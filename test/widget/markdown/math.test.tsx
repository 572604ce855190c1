import './mathml-style.ts';
import { waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { findFormula } from '../../../widget/markdown/math/delimiters.ts';
import { renderMarkdown, root, streamMarkdown } from './render-markdown.tsx';

/** The answer once the math chunk is in (the first test shows it arrives by itself). */
async function rendered(source: string): Promise<Element> {
  await import('../../../widget/markdown/math/math-inline.tsx');
  return root(renderMarkdown(source));
}

describe('math', () => {
  it('fetches the math chunk for an answer with a formula and draws it as MathML', async () => {
    const container = renderMarkdown('Energy: $E = mc^2$.');
    // The chunk (temml) is large: give its first import time on a loaded machine.
    await waitFor(() => expect(container.querySelector('math msup')).not.toBeNull(), { timeout: 30_000 });
    const math = container.querySelector('math');
    expect(math?.namespaceURI).toBe('http://www.w3.org/1998/Math/MathML');
    expect(math?.getAttribute('display')).toBeNull();
    expect(container.querySelector('p')?.textContent?.startsWith('Energy: ')).toBe(true);
  }, 40_000);

  it.each([
    ['$$\\frac{a}{b}$$', 'mfrac'],
    ['\\[\\sum_{i=1}^n i\\]', 'munderover'],
    ['$$\n\\int_0^1 x\\,dx\n$$', 'msubsup'],
  ])('shows %j as display math', async (source, element) => {
    const answer = await rendered(source);
    const math = answer.querySelector('math');
    expect(math?.getAttribute('display')).toBe('block');
    expect(math?.querySelector(element)).not.toBeNull();
  });

  it('keeps backslash sequences inside math for TeX: \\, is a thin space, not an escaped comma', async () => {
    const answer = await rendered('A thin space: \\(a\\,b\\) here.');
    const math = answer.querySelector('math');
    expect(math).not.toBeNull();
    expect(math?.querySelector('mspace')?.getAttribute('width')).toBe('0.1667em');
    expect(answer.textContent).not.toContain('a,b');
  });

  it.each([
    'I paid $5 and $10 for it.',
    'Prices: $5, $6 and $7.',
    'Escaped: \\$x\\$ stays text.',
    'Backslash escapes \\(\\) and \\[\\\\] are no formulas.',
    'A $ sign alone.',
    'Code `$x$` is code.',
  ])('leaves %j without math', async (source) => {
    const answer = await rendered(source);
    expect(answer.querySelector('math')).toBeNull();
  });

  it('shows TeX it cannot parse as written', async () => {
    const answer = await rendered('Broken: $\\frac{a$ end.');
    expect(answer.querySelector('math')).toBeNull();
    expect(answer.textContent).toContain('$\\frac{a$');
  });

  it('renders no link, class or script from TeX (trust off)', async () => {
    const answer = await rendered('$\\href{javascript:alert(1)}{x}$ and $\\htmlClass{evil}{y}$');
    expect(answer.querySelector('a, [href], [onclick], .evil, script')).toBeNull();
  });

  it('shows an unclosed $$ as text while streaming and ends with the one-shot DOM', async () => {
    await import('../../../widget/markdown/math/math-inline.tsx');
    const source = 'The integral\n\n$$\n\\int_0^1 x^2\\,dx = \\frac{1}{3}\n$$\n\nand $a_1 + b_2$ inline, costing $5 and $10.';
    const streamed = streamMarkdown(source, 3);
    const oneShot = renderMarkdown(source);
    expect(root(streamed).innerHTML).toBe(root(oneShot).innerHTML);
    expect(root(oneShot).querySelectorAll('math')).toHaveLength(2);
  });

  it('streams the unclosed formula as text', async () => {
    await import('../../../widget/markdown/math/math-inline.tsx');
    const answer = root(renderMarkdown('$$\n\\int_0^1 x^2', true));
    expect(answer.querySelector('math')).toBeNull();
    expect(answer.textContent).toContain('$$');
  });
});

describe('formula delimiters', () => {
  it.each([
    ['$x$', { tex: 'x', display: false, end: 3 }],
    ['$$ x $$', { tex: 'x', display: true, end: 7 }],
    ['\\(x\\)', { tex: 'x', display: false, end: 5 }],
    ['$a \\$ b$', { tex: 'a \\$ b', display: false, end: 8 }],
    ['$5 and $10', undefined],
    ['$x $', undefined],
    ['$ x$', undefined],
    ['$x$5', undefined],
  ])('reads %j', (text, expected) => {
    expect(findFormula(text, 0)).toEqual(expected);
  });
});

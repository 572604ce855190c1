import { waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { resolveFootnotes } from '../../../widget/markdown/footnotes.ts';
import { renderMarkdown, root } from './render-markdown.tsx';

describe('GFM footnotes', () => {
  it('numbers references in order of use and lists the notes after a rule, once their chunk is in', async () => {
    const container = renderMarkdown(
      'Water boils at 100 °C[^temp] at sea level[^sea].\n\n[^sea]: Air pressure matters.\n[^temp]: Celsius, *not* Fahrenheit.\n  Measured.',
    );
    await waitFor(() => expect(root(container).querySelectorAll('sup')).toHaveLength(2));
    expect(root(container).querySelector('p')?.innerHTML).toBe('Water boils at 100 °C<sup>1</sup> at sea level<sup>2</sup>.');
    expect(root(container).querySelector('hr')).not.toBeNull();
    expect([...root(container).querySelectorAll('ol > li')].map((item) => item.innerHTML)).toEqual([
      'Celsius, <em>not</em> Fahrenheit.<br>Measured.',
      'Air pressure matters.',
    ]);
  });

  it('leaves undefined references, code and text without notes alone', () => {
    expect(resolveFootnotes('No notes [^x] here.')).toBe('No notes [^x] here.');
    expect(resolveFootnotes('```\n[^a]\n```\nSee[^a]\n\n[^a]: Note')).toBe('```\n[^a]\n```\nSee<sup>1</sup>\n\n---\n\n1. Note\n');
  });
});

import { waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { root, renderMarkdown } from './render-markdown.tsx';

describe('character references', () => {
  it('decodes the common ones at once and every HTML5 name once the table chunk has arrived', async () => {
    const container = renderMarkdown('&amp; &copy; &HilbertSpace; &ngE; &fjlig; &madeup;\n\n[x](https://example.com/&auml;)');
    expect(root(container).textContent).toMatch(/^& /);
    await waitFor(() => expect(root(container).querySelector('p')?.textContent).toBe('& © ℋ ≧̸ fj &madeup;'));
    expect(root(container).querySelector('a')?.getAttribute('href')).toBe('https://example.com/%C3%A4');
  });
});

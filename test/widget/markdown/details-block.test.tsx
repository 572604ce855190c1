import { describe, expect, it } from 'vitest';
import { renderMarkdown, root, streamMarkdown } from './render-markdown.tsx';

const SOURCE = 'Intro.\n\n<details>\n<summary>Show the **steps**</summary>\n\n1. One\n2. Two\n\n```sh\nls\n```\n\n</details>\n\nAfter.';

describe('details blocks', () => {
  it('renders <details> with a <summary> as a closed disclosure holding markdown', () => {
    const container = renderMarkdown(SOURCE);
    const details = root(container).querySelector('details');
    expect(details?.open).toBe(false);
    expect(details?.attributes).toHaveLength(0);
    expect(details?.querySelector('summary')?.innerHTML).toBe('Show the <strong>steps</strong>');
    expect(details?.querySelectorAll('li')).toHaveLength(2);
    expect(details?.querySelector('code')?.textContent).toBe('ls');
    expect(root(container).lastElementChild?.outerHTML).toBe('<p>After.</p>');
  });

  it('streams into the same DOM as rendering it at once', () => {
    expect(root(streamMarkdown(SOURCE, 1)).innerHTML).toBe(root(renderMarkdown(SOURCE)).innerHTML);
  });

  it('keeps a details tag with attributes as text', () => {
    const container = renderMarkdown('<details open ontoggle="alert(1)">\n<summary>x</summary>\n</details>');
    expect(root(container).querySelector('details')).toBeNull();
  });
});

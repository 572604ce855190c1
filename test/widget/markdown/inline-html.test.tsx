import { describe, expect, it } from 'vitest';
import { assertNoExecutableContent } from './assert-no-executable-content.ts';
import { renderMarkdown, root } from './render-markdown.tsx';

function html(source: string): string {
  return root(renderMarkdown(source)).innerHTML;
}

describe('the inline HTML models write', () => {
  it('renders br, sup, sub, kbd, mark and u as elements with markdown inside', () => {
    expect(html('a<br>b<BR/>c')).toBe('<p>a<br>b<br>c</p>');
    expect(html('E = mc<sup>2</sup>, H<sub>2</sub>O, <kbd>Ctrl</kbd>+<kbd>C</kbd>')).toBe(
      '<p>E = mc<sup>2</sup>, H<sub>2</sub>O, <kbd>Ctrl</kbd>+<kbd>C</kbd></p>',
    );
    expect(html('<mark>**very**</mark> <u>under</u>')).toBe('<p><mark><strong>very</strong></mark> <u>under</u></p>');
  });

  it('puts line breaks inside table cells', () => {
    expect(root(renderMarkdown('| a |\n| - |\n| one<br>two |')).querySelector('td')?.innerHTML).toBe('one<br>two');
  });

  it('keeps attributes, unknown tags and unclosed tags as text', () => {
    const container = renderMarkdown('<sup onclick="x()">1</sup> <span>s</span> <sup>open <img src=x onerror=alert(1)>');
    expect(root(container).querySelector('sup')).toBeNull();
    expect(root(container).textContent).toBe('<sup onclick="x()">1</sup> <span>s</span> <sup>open <img src=x onerror=alert(1)>');
    assertNoExecutableContent(container);
  });

  it('stays shallow when tags nest without end', () => {
    const container = renderMarkdown(`${'<sup>'.repeat(2_000)}x${'</sup>'.repeat(2_000)}`);
    expect(root(container).querySelectorAll('sup').length).toBeLessThanOrEqual(17);
  });
});

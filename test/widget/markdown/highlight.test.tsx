import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderMarkdown, root } from './render-markdown.tsx';
import { assertNoExecutableContent } from './assert-no-executable-content.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

async function highlighted(source: string): Promise<Element> {
  await import('../../../widget/markdown/highlight/highlighted-code.tsx');
  return root(renderMarkdown(source));
}

describe('syntax highlighting', () => {
  it('fetches the highlighting chunk for a fence with a language and colours its tokens', async () => {
    const container = renderMarkdown('```js\nconst answer = 42; // the answer\n```');
    await waitFor(() => expect(container.querySelector('.hljs-keyword')).not.toBeNull(), { timeout: 30_000 });
    expect(container.querySelector('.hljs-keyword')?.textContent).toBe('const');
    expect(container.querySelector('.hljs-number')?.textContent).toBe('42');
    expect(container.querySelector('.hljs-comment')?.textContent).toBe('// the answer');
    expect(container.querySelector('code')?.textContent).toBe('const answer = 42; // the answer');
    expect(container.querySelector('code')?.className).toBe('language-js');
  }, 40_000);

  it.each([
    ['ts', 'interface A { b: string }', 'hljs-keyword'],
    ['python', 'def f(x):\n    return x', 'hljs-keyword'],
    ['json', '{"a": 1}', 'hljs-attr'],
    ['bash', 'echo "$HOME"', 'hljs-built_in'],
    ['sh', 'ls -la # list', 'hljs-comment'],
    ['html', '<p class="x">Hi</p>', 'hljs-tag'],
    ['css', '.a { color: red; }', 'hljs-selector-class'],
    ['sql', 'SELECT * FROM t', 'hljs-keyword'],
    ['java', 'public class A {}', 'hljs-keyword'],
    ['go', 'func main() {}', 'hljs-keyword'],
    ['rust', 'fn main() {}', 'hljs-keyword'],
    ['c', 'int main(void) { return 0; }', 'hljs-type'],
    ['cpp', '#include <vector>', 'hljs-meta'],
    ['yaml', 'key: value', 'hljs-attr'],
    ['markdown', '# Title', 'hljs-section'],
    ['diff', '-old\n+new', 'hljs-addition'],
  ])('highlights %s', async (language, code, className) => {
    const answer = await highlighted(`\`\`\`${language}\n${code}\n\`\`\``);
    expect(answer.querySelector(`.${className}`)).not.toBeNull();
    expect(answer.querySelector('code')?.textContent).toBe(code);
  });

  it('leaves a language it does not know, and a fence without one, plain', async () => {
    const answer = await highlighted('```brainfuck\n+[-->]\n```\n\n```\nconst x = 1\n```');
    expect(answer.querySelector('[class^="hljs-"]')).toBeNull();
    expect([...answer.querySelectorAll('code')].map((code) => code.textContent)).toEqual(['+[-->]', 'const x = 1']);
  });

  it('turns markup inside code into text, never into elements', async () => {
    const code = '<img src=x onerror="alert(1)"><script>alert(2)</script>&lt;b&gt;';
    const answer = await highlighted(`\`\`\`html\n${code}\n\`\`\``);
    expect(answer.querySelector('code')?.textContent).toBe(code);
    expect(answer.querySelector('code img, code script, code b')).toBeNull();
    assertNoExecutableContent(answer);
  });

  it('copies the raw code, not the highlighted markup', async () => {
    const writeText = vi.fn((_text: string) => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const answer = await highlighted('```python\nprint("<hi>")\n```');
    const button = answer.querySelector('button');
    if (!button) throw new Error('no copy button');
    fireEvent.click(button);
    expect(writeText).toHaveBeenCalledWith('print("<hi>")');
  });
});

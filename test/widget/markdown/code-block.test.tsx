import { fireEvent, waitFor } from '@testing-library/preact';
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Markdown, MarkdownLabelsContext } from '../../../widget/markdown/index.ts';
import { languageClass } from '../../../widget/markdown/code-block.tsx';
import { makeContainer, renderMarkdown } from './render-markdown.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

function stubClipboard(writeText: (text: string) => Promise<void>): void {
  vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
}

describe('code block', () => {
  it('copies the code text with the Copy button and says so', async () => {
    const writeText = vi.fn((_text: string) => Promise.resolve());
    stubClipboard(writeText);
    const container = renderMarkdown('```sh\nnpm install\nnpm start\n```');
    const button = container.querySelector('button');
    if (!button) throw new Error('no copy button');
    fireEvent.click(button);
    expect(writeText).toHaveBeenCalledWith('npm install\nnpm start');
    await waitFor(() => expect(button.getAttribute('aria-label')).toBe('Copied'));
    expect(button.textContent).toBe('Copied');
  });

  it('stays quiet when the clipboard refuses', async () => {
    const writeText = vi.fn((_text: string) => Promise.reject(new Error('denied')));
    stubClipboard(writeText);
    const container = renderMarkdown('```\nx\n```');
    const button = container.querySelector('button');
    if (!button) throw new Error('no copy button');
    fireEvent.click(button);
    await Promise.resolve();
    expect(writeText).toHaveBeenCalledOnce();
    expect(button.getAttribute('aria-label')).toBe('Copy code');
  });

  it('takes its button labels from the labels context', () => {
    const container = makeContainer();
    render(
      <MarkdownLabelsContext.Provider value={{ copy: 'Code kopieren', copied: 'Kopiert' }}>
        <Markdown source={'```\nx\n```'} streaming={false} />
      </MarkdownLabelsContext.Provider>,
      container,
    );
    expect(container.querySelector('button')?.getAttribute('aria-label')).toBe('Code kopieren');
  });

  it.each([
    ['TypeScript', 'typescript'],
    ['c++', 'cpp'],
    ['C#', 'csharp'],
    ['objective-c', 'objective-c'],
    ['"><script>', 'script'],
    ['', ''],
    ['x'.repeat(100), 'x'.repeat(32)],
  ])('turns the info string %j into the class suffix %j', (info, expected) => {
    expect(languageClass(info)).toBe(expected);
  });
});

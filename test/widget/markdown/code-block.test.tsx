import { fireEvent, waitFor } from '@testing-library/preact';
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogue } from '../../../widget/i18n/catalogue.ts';
import { english } from '../../../widget/i18n/en.ts';
import german from '../../../widget/i18n/locales/de.ts';
import japanese from '../../../widget/i18n/locales/ja.ts';
import { Markdown } from '../../../widget/markdown/index.ts';
import { languageClass } from '../../../widget/markdown/code-block.tsx';
import { makeContainer, renderMarkdown } from './render-markdown.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  catalogue.value = english;
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
    await waitFor(() => expect(button.textContent).toBe('Copied'));
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
    expect(button.textContent).toBe('Copy code');
  });

  it('labels its button and the folded reasoning in the active language', async () => {
    catalogue.value = german;
    const container = makeContainer();
    render(<Markdown source={'<think>hm</think>\n\n```\nx\n```'} streaming={false} />, container);
    expect(container.querySelector('button')?.textContent).toBe('Code kopieren');
    expect(container.querySelector('summary')?.textContent).toBe('Nachgedacht');
    // A language switch relabels what is already on screen.
    catalogue.value = japanese;
    await waitFor(() => expect(container.querySelector('button')?.textContent).toBe('コードをコピー'));
    expect(container.querySelector('summary')?.textContent).toBe('思考');
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

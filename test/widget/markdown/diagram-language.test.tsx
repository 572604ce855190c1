import { waitFor } from '@testing-library/preact';
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogue, language } from '../../../widget/i18n/catalogue.ts';
import { english, type Catalogue } from '../../../widget/i18n/en.ts';
import arabic from '../../../widget/i18n/locales/ar.ts';
import japanese from '../../../widget/i18n/locales/ja.ts';
import { Markdown, MarkdownOptionsContext } from '../../../widget/markdown/index.ts';
import { makeContainer } from './render-markdown.tsx';

// mermaid itself is a 5 MB browser build (the real drawing is tested in test/e2e/markdown.test.ts): here
// only its drawing is stood in for, the diagram's strings are the real ones.
vi.mock('../../../widget/markdown/mermaid/render-diagram.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../widget/markdown/mermaid/render-diagram.ts')>()),
  renderDiagram: () =>
    Promise.resolve({ url: 'data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%2F%3E', width: 40 }),
}));

function speak(code: string, strings: Catalogue): void {
  language.value = code;
  catalogue.value = strings;
}

afterEach(() => speak('en', english));

async function diagramAlt(): Promise<string | null> {
  const container = makeContainer();
  render(
    <MarkdownOptionsContext.Provider value={{ config: { mermaid: 'on' } }}>
      <Markdown source={'```mermaid\ngraph LR\n  A --> B\n```'} streaming={false} />
    </MarkdownOptionsContext.Provider>,
    container,
  );
  const image = await waitFor(
    () => {
      const found = container.querySelector('.dw-md-diagram img');
      if (!found) throw new Error('no diagram yet');
      return found;
    },
    { timeout: 5000 },
  );
  return image.getAttribute('alt');
}

describe('a drawn diagram in the active language', () => {
  it('names the image in English with a colon and a space', async () => {
    expect(await diagramAlt()).toBe('Diagram: graph LR');
  });

  it('names it in Japanese with the full-width colon and no space', async () => {
    speak('ja', japanese);
    expect(await diagramAlt()).toBe('図：graph LR');
  });

  it('names it in Arabic', async () => {
    speak('ar', arabic);
    expect(await diagramAlt()).toBe('مخطط: graph LR');
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage } from './support/pages.ts';
import { settledAnswer, widgetParts, type WidgetParts } from './support/widget.ts';

const e2e = useBrowserStack();

/** Every language chunk the page fetched, by file name (`locale-<hash>-de.js` → `de`). */
function watchLanguageChunks(page: Page): string[] {
  const fetched: string[] = [];
  page.on('request', (request) => {
    const match = /\/locale-[0-9a-f]+-([\w-]+)\.js$/.exec(new URL(request.url()).pathname);
    if (match?.[1]) fetched.push(match[1]);
  });
  return fetched;
}

/** Opens the default widget on a page embedding it with `data-lang`, and waits for the input. */
async function openIn(lang: string | undefined): Promise<WidgetParts> {
  const data: Record<string, string> = lang === undefined ? {} : { lang };
  await e2e.page.goto(e2e.host.addPage('/', { html: hostPage({ widget: { data } }) }));
  const widget = widgetParts(e2e.page);
  await widget.launcher.click();
  await widget.input.waitFor({ state: 'visible' });
  return widget;
}

const root = (widget: WidgetParts) => widget.host.locator('[part~="root"]');

describe('languages in a real browser', () => {
  it('speaks Japanese with data-lang="ja": launcher, placeholder, send button, lang on the widget root, full-width colons and the code block label', async () => {
    const fetched = watchLanguageChunks(e2e.page);
    const widget = await openIn('ja');
    await expect.poll(() => widget.input.getAttribute('placeholder')).toBe('メッセージを入力…');
    expect(await root(widget).getAttribute('lang')).toBe('ja');
    expect(await root(widget).getAttribute('dir')).toBe('ltr');
    expect(await widget.launcher.getAttribute('aria-label')).toBe('チャットを開く');
    expect(await widget.send.getAttribute('aria-label')).toBe('送信');
    expect(await widget.close.getAttribute('aria-label')).toBe('チャットを閉じる');
    // Japanese punctuation: the hidden speaker labels take a full-width colon and no space.
    await widget.input.fill('echo: ```\nnpm start\n```');
    await widget.input.press('Enter');
    expect(await settledAnswer(widget)).toMatchObject({ status: 'ready' });
    expect(await widget.userMessages.last().locator('.dw-visually-hidden').textContent()).toBe('あなた：');
    expect(await widget.answers.last().locator('.dw-visually-hidden').first().textContent()).toBe('アシスタント：');
    expect(await widget.answers.last().locator('.dw-md-copy').textContent()).toBe('コードをコピー');
    expect(fetched).toEqual(['ja']);
  });

  it('speaks German with data-lang="de-AT" (the region falls back), and fetches no chunk for English', async () => {
    const fetched = watchLanguageChunks(e2e.page);
    const widget = await openIn('de-AT');
    await expect.poll(() => widget.input.getAttribute('placeholder')).toBe('Nachricht eingeben…');
    expect(await root(widget).getAttribute('lang')).toBe('de');
    expect(fetched).toEqual(['de']);

    const english = watchLanguageChunks(e2e.page);
    const plain = await openIn(undefined);
    await expect.poll(() => plain.input.getAttribute('placeholder')).toBe('Type your message…');
    expect(await root(plain).getAttribute('lang')).toBe('en');
    expect(english).toEqual([]);
  });

  it('mirrors the panel for Arabic: dir=rtl on the root, the send button left of the input, dir=auto on an English answer', async () => {
    const fetched = watchLanguageChunks(e2e.page);
    const widget = await openIn('ar');
    await expect.poll(() => root(widget).getAttribute('dir')).toBe('rtl');
    expect(await root(widget).getAttribute('lang')).toBe('ar');
    expect(await widget.input.getAttribute('placeholder')).toBe('اكتب رسالتك…');

    const input = await widget.input.boundingBox();
    const send = await widget.send.boundingBox();
    expect(input && send && send.x + send.width <= input.x + 1).toBe(true);
    // The launcher moved to the other corner with the layout (position "right" means the end side).
    const viewport = e2e.page.viewportSize();
    await expect
      .poll(async () => {
        const launcher = await widget.launcher.boundingBox();
        return launcher !== null && viewport !== null && launcher.x < viewport.width / 2;
      })
      .toBe(true);

    await widget.input.fill('echo: Hello, world!');
    await widget.input.press('Enter');
    expect(await settledAnswer(widget)).toMatchObject({ status: 'ready' });
    const answer = widget.answers.last();
    expect(await answer.getAttribute('dir')).toBe('auto');
    // dir=auto follows the answer's own text (English), not the Arabic label hidden before it.
    expect(await answer.evaluate((element) => getComputedStyle(element).direction)).toBe('ltr');
    expect(await widget.userMessages.last().getAttribute('dir')).toBe('auto');
    expect(await widget.userMessages.last().locator('.dw-visually-hidden').textContent()).toBe('أنت: ');
    expect(fetched).toEqual(['ar']);
  });

  it('keeps an English widget left to right on a right-to-left host page, the bubble in its own corner', async () => {
    const html = hostPage({ body: '<main dir="rtl"><h1>متجر</h1></main>' }).replace('<html lang="en">', '<html lang="ar" dir="rtl">');
    await e2e.page.goto(e2e.host.addPage('/', { html }));
    const widget = widgetParts(e2e.page);
    await widget.launcher.waitFor({ state: 'visible' });
    const viewport = e2e.page.viewportSize();
    // Polled: the painted bubble is replaced by the mounted one when the chat loads, and a box read
    // in between is null.
    const inRightHalf = async () => {
      const box = await widget.launcher.boundingBox();
      return box !== null && viewport !== null && box.x > viewport.width / 2;
    };
    await expect.poll(inRightHalf).toBe(true);
    await widget.launcher.click();
    await widget.input.waitFor({ state: 'visible' });
    expect(await root(widget).getAttribute('dir')).toBe('ltr');
    await expect.poll(inRightHalf).toBe(true);
    const input = await widget.input.boundingBox();
    const send = await widget.send.boundingBox();
    expect(input && send && send.x >= input.x + input.width - 1).toBe(true);
  });
});

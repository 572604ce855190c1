import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage } from './support/pages.ts';
import { settledAnswer, widgetParts } from './support/widget.ts';

const phone = { width: 375, height: 667 };
const e2e = useBrowserStack({ context: { viewport: phone, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } });

/** A long article, so the host page really can scroll. */
const longArticle = `<main><h1>A long article</h1>${Array.from({ length: 60 }, (_, index) => `<p>Paragraph ${index + 1} of a page that scrolls.</p>`).join('')}</main>`;

const pageState = (target: Page) =>
  target.evaluate(() => ({
    scrollY: window.scrollY,
    htmlOverflow: getComputedStyle(document.documentElement).overflow,
    bodyOverflow: getComputedStyle(document.body).overflow,
    htmlStyle: document.documentElement.getAttribute('style'),
    viewportMeta: document.querySelector('meta[name="viewport"]')?.getAttribute('content') ?? null,
  }));

describe('on a phone (375×667, touch)', () => {
  it('opens a full-screen panel with a 16px+ input in reach, and the page behind does not scroll until it closes', async () => {
    await e2e.page.goto(e2e.host.addPage('/', { html: hostPage({ body: longArticle }) }));
    const widget = widgetParts(e2e.page);
    const before = await pageState(e2e.page);
    expect(before.htmlOverflow).toBe('visible');

    await widget.launcher.tap();
    await expect.poll(() => widget.panel.isVisible()).toBe(true);
    // Full screen: the panel covers the whole (visual) viewport.
    await expect
      .poll(async () => {
        const box = await widget.panel.boundingBox();
        return box && [box.x, box.y, box.width, box.height].map(Math.round);
      })
      .toEqual([0, 0, phone.width, phone.height]);

    const input = await widget.input.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return { top: box.top, bottom: box.bottom, width: box.width, fontSize: Number.parseFloat(getComputedStyle(element).fontSize) };
    });
    expect(input.fontSize).toBeGreaterThanOrEqual(16);
    expect(input.top).toBeGreaterThanOrEqual(0);
    expect(input.bottom).toBeLessThanOrEqual(phone.height);
    expect(input.width).toBeGreaterThan(200);

    await widget.input.tap();
    await widget.input.fill('echo: Typed on a phone.');
    await widget.input.press('Enter');
    expect((await settledAnswer(widget)).text).toContain('Typed on a phone.');

    // Scroll is locked behind the sheet: a wheel over it does not move the page.
    const whileOpen = await pageState(e2e.page);
    expect([whileOpen.htmlOverflow, whileOpen.bodyOverflow]).toContain('hidden');
    await e2e.page.mouse.wheel(0, 800);
    await e2e.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect((await pageState(e2e.page)).scrollY).toBe(0);
    expect(whileOpen.viewportMeta).toBe(before.viewportMeta);

    await widget.close.tap();
    await expect.poll(() => widget.panel.isVisible()).toBe(false);
    const afterClose = await pageState(e2e.page);
    expect(afterClose.htmlOverflow).toBe(before.htmlOverflow);
    // Inline overflow restored (an emptied `style=""` attribute left behind counts as restored).
    expect(afterClose.htmlStyle ?? '').toBe(before.htmlStyle ?? '');
    // …and the page scrolls again once the panel is closed (the same wheel now moves it).
    await e2e.page.mouse.wheel(0, 800);
    await expect.poll(async () => (await pageState(e2e.page)).scrollY).toBeGreaterThan(0);
  });
});

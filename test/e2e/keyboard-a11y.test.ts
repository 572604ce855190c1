import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runAxe, seriousFindings } from './support/axe.ts';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage } from './support/pages.ts';
import { settledAnswer, widgetParts } from './support/widget.ts';

const e2e = useBrowserStack();

/** Where keyboard focus really is: the page's active element, and inside the widget's shadow root. */
async function focusedPart(target: Page): Promise<{ inWidget: boolean; part: string | null; insidePanel: boolean; tag: string }> {
  return target.evaluate(() => {
    const host = document.querySelector('dify-widget');
    const inWidget = document.activeElement === host;
    const active = inWidget ? (host?.shadowRoot?.activeElement ?? null) : document.activeElement;
    return {
      inWidget,
      part: active?.getAttribute('part') ?? null,
      insidePanel: inWidget && active !== null && active !== undefined && active.closest('[part~="panel"]') !== null,
      tag: active?.tagName.toLowerCase() ?? '',
    };
  });
}

const pageWithFocusables = hostPage({
  body: '<main><h1>Shop</h1><a href="#top">Top</a> <button type="button">Add to cart</button> <input aria-label="Search"></main>',
});

describe('keyboard and screen-reader access', () => {
  it('works end to end with the keyboard alone: Tab to the launcher, Enter opens, type and Enter sends, Escape closes and focus returns', async () => {
    await e2e.page.goto(e2e.host.addPage('/', { html: pageWithFocusables }));
    const widget = widgetParts(e2e.page);
    await widget.launcher.waitFor({ state: 'visible' });

    let focus = await focusedPart(e2e.page);
    for (let presses = 0; presses < 15 && focus.part !== 'launcher'; presses += 1) {
      await e2e.page.keyboard.press('Tab');
      focus = await focusedPart(e2e.page);
    }
    expect(focus).toMatchObject({ inWidget: true, part: 'launcher', tag: 'button' });
    expect(await widget.launcher.getAttribute('aria-expanded')).toBe('false');

    await e2e.page.keyboard.press('Enter');
    await expect.poll(() => widget.launcher.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(async () => (await focusedPart(e2e.page)).insidePanel).toBe(true);
    expect(await widget.panel.getAttribute('role')).toBe('dialog');

    await expect.poll(async () => (await focusedPart(e2e.page)).part).toBe('input');
    await e2e.page.keyboard.type('echo: Sent without a mouse.');
    await e2e.page.keyboard.press('Enter');
    expect(await settledAnswer(widget)).toEqual({ status: 'ready', text: expect.stringContaining('Sent without a mouse.') });
    // One polite announcement for the finished answer, carrying its text.
    const announcer = widget.host.locator('[part~="announcer"]');
    expect(await announcer.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => announcer.innerText()).toContain('Sent without a mouse.');

    await e2e.page.keyboard.press('Escape');
    await expect.poll(() => widget.panel.isVisible()).toBe(false);
    expect(await widget.launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await focusedPart(e2e.page)).toMatchObject({ inWidget: true, part: 'launcher' });
  });

  it('passes an axe-core scan of the open widget with no serious or critical issue', async () => {
    await e2e.page.goto(e2e.host.addPage('/', { html: pageWithFocusables }));
    const widget = widgetParts(e2e.page);
    await widget.launcher.click();
    await widget.input.fill('echo: An answer with a [link](https://example.com), a list:\n\n- one\n- two\n\nand `code`.');
    await widget.input.press('Enter');
    await settledAnswer(widget);

    const findings = await runAxe(e2e.page, 'dify-widget');
    expect(seriousFindings(findings)).toEqual([]);
    // The panel is a labelled dialog and the launcher says what it controls.
    const labelled = await widget.panel.evaluate((panel) => {
      const labelId = panel.getAttribute('aria-labelledby');
      const root = panel.getRootNode();
      const label = labelId && root instanceof ShadowRoot ? root.getElementById(labelId) : null;
      return label?.textContent?.trim() ?? '';
    });
    expect(labelled.length).toBeGreaterThan(0);
    expect(await widget.launcher.getAttribute('aria-controls')).toBe(await widget.panel.getAttribute('id'));
  });
});

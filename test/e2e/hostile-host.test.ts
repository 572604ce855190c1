import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage, probedHostSelectors, realisticBody } from './support/pages.ts';
import { ask, settledAnswer, watchConsole, widgetParts } from './support/widget.ts';

const viewport = { width: 1280, height: 800 };
const e2e = useBrowserStack({ context: { viewport } });

const hostileHead = '<link rel="stylesheet" href="/assets/hostile.css">\n<script src="/assets/hostile.js"></script>';
const ordinaryHead = '<link rel="stylesheet" href="/assets/ordinary.css">';

/** Every computed style property and the box of each probed host element, plus page-level traces. */
async function hostSnapshot(target: Page) {
  return target.evaluate((selectors) => {
    const elements = Object.fromEntries(
      selectors.map((selector) => {
        const element = document.querySelector(selector);
        if (!element) return [selector, null];
        const computed = getComputedStyle(element);
        const styles: Record<string, string> = {};
        for (const property of Array.from(computed)) styles[property] = computed.getPropertyValue(property);
        const box = element.getBoundingClientRect();
        return [
          selector,
          { styles, box: [box.x, box.y, box.width, box.height], style: element.getAttribute('style'), text: element.textContent },
        ];
      }),
    );
    return {
      elements,
      styleSheets: document.styleSheets.length,
      adoptedStyleSheets: document.adoptedStyleSheets.length,
      styleElements: document.querySelectorAll('style').length,
      htmlStyle: document.documentElement.getAttribute('style'),
      bodyStyle: document.body.getAttribute('style'),
      scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
      shadowHostsWithIdsTaken: ['root', 'app', 'chat', 'dify-widget'].filter((id) => document.getElementById(id)?.shadowRoot),
    };
  }, probedHostSelectors);
}

/** What the visitor sees of the launcher: its box, and what is really under its centre. */
async function launcherHitTest(target: Page) {
  return target.evaluate(() => {
    const host = document.querySelector('dify-widget');
    const launcher = host?.shadowRoot?.querySelector('[part~="launcher"]');
    if (!host || !launcher) return null;
    const box = launcher.getBoundingClientRect();
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    const topInPage = document.elementFromPoint(x, y);
    const topInWidget = host.shadowRoot?.elementFromPoint(x, y);
    return {
      box: { x: box.x, y: box.y, width: box.width, height: box.height },
      centre: { x, y },
      pageHitIsWidget: topInPage === host,
      widgetHitIsLauncher: topInWidget !== null && topInWidget !== undefined && launcher.contains(topInWidget),
      display: getComputedStyle(launcher).display,
      visibility: getComputedStyle(launcher).visibility,
    };
  });
}

describe('a hostile host page', () => {
  it('cannot hide, move or restyle the widget: the launcher sits clickable in its corner and chat works', async () => {
    const console = watchConsole(e2e.page);
    await e2e.page.goto(e2e.host.addPage('/hostile', { html: hostPage({ head: hostileHead, body: realisticBody }) }));
    const widget = widgetParts(e2e.page);
    await widget.launcher.waitFor({ state: 'visible' });

    const hit = await launcherHitTest(e2e.page);
    expect(hit).not.toBeNull();
    if (!hit) return;
    expect(hit.display).not.toBe('none');
    expect(hit.visibility).toBe('visible');
    // Bottom-right corner, normal size, whatever `* { all: unset }`, `div { position: absolute }` and 40px rem do.
    expect(hit.box.width).toBeGreaterThanOrEqual(40);
    expect(hit.box.width).toBeLessThanOrEqual(80);
    expect(viewport.width - (hit.box.x + hit.box.width)).toBeLessThanOrEqual(40);
    expect(viewport.height - (hit.box.y + hit.box.height)).toBeLessThanOrEqual(40);
    // The launcher, not some host element with z-index 2147483647, is what a click at its centre hits.
    expect(hit.pageHitIsWidget).toBe(true);
    expect(hit.widgetHitIsLauncher).toBe(true);

    await e2e.page.mouse.click(hit.centre.x, hit.centre.y);
    await expect.poll(() => widget.panel.isVisible()).toBe(true);
    // The panel shows "Loading…" until the app's parameters arrive; the composer comes after.
    await widget.input.waitFor({ state: 'visible' });
    const panel = await widget.panel.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const input = element.querySelector('[part~="input"]');
      return {
        box: { x: box.x, y: box.y, width: box.width, height: box.height },
        fontFamily: getComputedStyle(element).fontFamily,
        inputFontSize: input ? Number.parseFloat(getComputedStyle(input).fontSize) : 0,
        inputBorder: input ? getComputedStyle(input).borderTopStyle : '',
      };
    });
    expect(panel.box.width).toBeGreaterThanOrEqual(300);
    expect(panel.box.height).toBeGreaterThanOrEqual(300);
    expect(panel.box.x).toBeGreaterThanOrEqual(0);
    expect(panel.box.y).toBeGreaterThanOrEqual(0);
    expect(panel.box.x + panel.box.width).toBeLessThanOrEqual(viewport.width);
    expect(panel.fontFamily).not.toMatch(/Comic Sans|fantasy/);
    expect(panel.inputFontSize).toBeGreaterThanOrEqual(14);
    expect(panel.inputFontSize).toBeLessThanOrEqual(20);
    expect(panel.inputBorder).not.toBe('dotted');

    await ask(widget, 'echo: Still standing on a hostile page.');
    expect(await settledAnswer(widget)).toEqual({ status: 'ready', text: expect.stringContaining('Still standing on a hostile page.') });
    // The host's own controls are untouched: its `button { display: none }` still hides its button.
    expect(await e2e.page.locator('#buy').evaluate((element) => getComputedStyle(element).display)).toBe('none');
    expect(await e2e.page.evaluate(() => Reflect.get(window, '__amdDefineCalls'))).toBeUndefined();
    expect(console.errors).toEqual([]);
  });

  // The built CSS must keep the maximum z-index: a minifier that rounds 2147483647 through a float
  // (it once shipped 2147480000) would let a banner at the maximum cover the launcher.
  it('wins the z-index war: a max z-index (2147483647) banner across its corner does not cover the launcher', async () => {
    const head = `${hostileHead}\n<link rel="stylesheet" href="/assets/z-index-war.css">`;
    await e2e.page.goto(e2e.host.addPage('/z-index-war', { html: hostPage({ head, body: realisticBody }) }));
    const widget = widgetParts(e2e.page);
    await widget.launcher.waitFor({ state: 'visible' });
    const bannerCoversCorner = await e2e.page.locator('#cookie-banner').evaluate((banner) => {
      const box = banner.getBoundingClientRect();
      return box.right >= window.innerWidth - 1 && box.bottom >= window.innerHeight - 1 && getComputedStyle(banner).zIndex === '2147483647';
    });
    expect(bannerCoversCorner).toBe(true);
    const hit = await launcherHitTest(e2e.page);
    expect(hit?.pageHitIsWidget).toBe(true);
    expect(hit?.widgetHitIsLauncher).toBe(true);
    await widget.launcher.click({ timeout: 5000 });
    await expect.poll(() => widget.panel.isVisible()).toBe(true);
  });

  for (const [name, head] of [
    ['an ordinary page', ordinaryHead],
    ['the hostile page', hostileHead],
  ] as const) {
    it(`leaks no style into ${name}: every computed style of the host's elements is the same with and without the widget`, async () => {
      const body = realisticBody;
      await e2e.page.goto(e2e.host.addPage('/without', { html: hostPage({ head, body, widget: null }) }));
      const without = await hostSnapshot(e2e.page);

      await e2e.page.goto(e2e.host.addPage('/with', { html: hostPage({ head, body }) }));
      const widget = widgetParts(e2e.page);
      await widget.launcher.click();
      await ask(widget, 'echo: **Bold** text, a [link](https://example.com) and `code`.');
      await settledAnswer(widget);
      const whileOpen = await hostSnapshot(e2e.page);
      await widget.close.click();
      await expect.poll(() => widget.panel.isVisible()).toBe(false);
      const afterClose = await hostSnapshot(e2e.page);

      for (const snapshot of [whileOpen, afterClose]) {
        for (const selector of probedHostSelectors) {
          expect(snapshot.elements[selector], `${selector} changed`).toEqual(without.elements[selector]);
        }
        expect(snapshot).toEqual(without);
      }
    });
  }
});

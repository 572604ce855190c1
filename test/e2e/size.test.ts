import type { Page } from 'playwright-core';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage } from './support/pages.ts';
import { ask, settledAnswer, widgetParts } from './support/widget.ts';

// A plain chat: an app with uploads or voice also fetches those features' own chunks (scripts/check-size.mjs
// budgets each); the simulator's chat app takes images by default, so they are turned off here.
const e2e = useBrowserStack({ stack: { apps: [{ id: 'chat', mode: 'chat', fileTypes: [] }] } });

const KB = 1024;
const firstScriptBudget = 6 * KB;
const chatWithMarkdownBudget = 40 * KB;
/** Chunks of the markdown renderer fetched only for answers that use them (and the stylesheet helper they share). */
const markdownPart =
  /\/assets\/(?:lazy-parts|footnotes|math-inline|highlighted-code|markdown-image|email-autolinks|render-diagram|lazy-styles)-[\w-]+\.js$/;

interface Loaded {
  path: string;
  gzipBytes: number;
}

/** Every request the page makes to the proxy, and the gzip size of each script it received. */
function watchProxyTraffic(target: Page, proxyOrigin: string) {
  const requested: string[] = [];
  const scripts: Promise<Loaded>[] = [];
  target.on('request', (request) => {
    if (request.url().startsWith(proxyOrigin)) requested.push(new URL(request.url()).pathname);
  });
  target.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== proxyOrigin || !url.pathname.endsWith('.js')) return;
    // What gzip on the wire would cost: the body compressed at level 9, as a CDN or proxy would serve it.
    scripts.push(response.body().then((body) => ({ path: url.pathname, gzipBytes: gzipSync(body, { level: 9 }).length })));
  });
  return { requested, scripts: () => Promise.all(scripts) };
}

describe('size and lazy loading, measured in the browser', () => {
  it('loads only widget.js (≤ 6 KB gzip) until the page is idle, and at most 40 KB gzip of script in all to chat with markdown', async () => {
    // A page that never goes idle on its own: requestIdleCallback is held until the test releases it.
    await e2e.page.addInitScript(() => {
      const held: (() => void)[] = [];
      Reflect.set(window, '__idleRequests', () => held.length);
      Reflect.set(window, '__releaseIdle', () => held.splice(0).forEach((callback) => callback()));
      window.requestIdleCallback = (callback) => {
        held.push(() => callback({ didTimeout: false, timeRemaining: () => 50 }));
        return held.length;
      };
      window.cancelIdleCallback = () => undefined;
    });
    const traffic = watchProxyTraffic(e2e.page, e2e.proxyOrigin);
    await e2e.page.goto(e2e.host.addPage('/', { html: hostPage() }), { waitUntil: 'load' });
    const widget = widgetParts(e2e.page);
    await widget.launcher.waitFor({ state: 'visible' });
    // The loader has put the app off until the page is idle, and the page has stopped fetching (no request
    // for 500 ms, Playwright's networkidle): a loader that fetched more before idle would have by now.
    await expect.poll(() => e2e.page.evaluate(() => Reflect.get(window, '__idleRequests')())).toBeGreaterThan(0);
    await e2e.page.waitForLoadState('networkidle');
    expect(traffic.requested).toEqual(['/widget.js']);

    await e2e.page.evaluate(() => Reflect.get(window, '__releaseIdle')());
    await expect.poll(() => traffic.requested.some((path) => path.startsWith('/widget/'))).toBe(true);

    await widget.launcher.click();
    await ask(widget, 'scenario: markdown');
    expect((await settledAnswer(widget)).status).toBe('ready');
    // Real markdown was rendered, so the markdown code is among what was loaded.
    expect(await widget.answers.last().locator('.dw-md li, .dw-md pre, .dw-md table').count()).toBeGreaterThan(0);

    const loaded = await traffic.scripts();
    // The showcase's code fence brings the highlighting chunk: markdown parts an answer needs load on
    // demand, each with its own budget (scripts/check-size.mjs), outside the chat's.
    const onDemand = loaded.filter((script) => markdownPart.test(script.path));
    expect(onDemand.some((script) => script.path.startsWith('/widget/assets/highlighted-code-'))).toBe(true);
    const scripts = loaded.filter((script) => !onDemand.includes(script));
    const first = scripts.find((script) => script.path === '/widget.js');
    const total = scripts.reduce((sum, script) => sum + script.gzipBytes, 0);
    const report = scripts.map((script) => `${script.path} ${(script.gzipBytes / KB).toFixed(2)} KB`).join(', ');
    expect(first?.gzipBytes, report).toBeLessThanOrEqual(firstScriptBudget);
    expect(scripts.length, report).toBeGreaterThanOrEqual(2);
    expect(total, report).toBeLessThanOrEqual(chatWithMarkdownBudget);
    console.info(`[size] scripts loaded to chat with markdown: ${report}; total ${(total / KB).toFixed(2)} KB gzip`);
  });
});

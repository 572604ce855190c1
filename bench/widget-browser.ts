import { existsSync } from 'node:fs';
import { chromium, type CDPSession, type Page } from 'playwright-core';

/** The Chromium the browser tests use, with their flags (test/e2e/support/browser.ts, which needs vitest and so is not imported). */
const chromiumPaths = [process.env['CHROME_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const chromiumArguments = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

const answerTokens = 4000;
const tokensPerSecond = 200;

export interface BrowserFigures {
  readonly bubblePaintMs: number;
  readonly firstTenthUsPerToken: number;
  readonly lastTenthUsPerToken: number;
  /** The longest task while the answer streamed (long tasks are reported from 50 ms on; 0: none reached it). */
  readonly longestTaskMs: number;
  /** The same over the whole visit: loading the page and the chat included. */
  readonly longestTaskOverallMs: number;
  /** When the longest streaming task began, in ms after the question was sent. */
  readonly longestTaskAfterSendMs: number;
  readonly tokens: number;
}

/** Records long tasks and the first frame with the launcher drawn, from the page's first script on. */
const pageProbe = `
  window.__bench = { tasks: [], bubbleAt: undefined };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.tasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const look = () => {
    const launcher = document.querySelector('dify-widget')?.shadowRoot?.querySelector('[part~="launcher"]');
    if (launcher && launcher.getBoundingClientRect().width > 0) window.__bench.bubbleAt = performance.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
`;

async function scriptMs(session: CDPSession): Promise<number> {
  const { metrics } = await session.send('Performance.getMetrics');
  return (metrics.find((metric) => metric.name === 'ScriptDuration')?.value ?? 0) * 1000;
}

const answerLength = (page: Page) =>
  page.evaluate(() => {
    const answers = document.querySelector('dify-widget')?.shadowRoot?.querySelectorAll('[part~="assistant-message"]');
    return answers?.[answers.length - 1]?.textContent?.length ?? 0;
  });

const settled = (page: Page) =>
  page.evaluate(() => {
    const answers = document.querySelector('dify-widget')?.shadowRoot?.querySelectorAll('[part~="assistant-message"]');
    const status = answers?.[answers.length - 1]?.getAttribute('data-status');
    return status === 'ready' || status === 'error';
  });

/** Script time at a given share of the answer's final length, interpolated between samples. */
function scriptAt(samples: readonly { length: number; script: number }[], length: number): number {
  const after = samples.findIndex((sample) => sample.length >= length);
  if (after <= 0) return samples[Math.max(0, after)]?.script ?? Number.NaN;
  const low = samples[after - 1];
  const high = samples[after];
  if (low === undefined || high === undefined) return Number.NaN;
  return low.script + ((high.script - low.script) * (length - low.length)) / Math.max(1, high.length - low.length);
}

/** Opens the chat against our proxy under 4× CPU throttling and streams a 4,000-token markdown answer at 200 tokens/s. */
export async function measureInBrowser(proxyUrl: string, hostUrl: string): Promise<BrowserFigures | { skipped: string }> {
  const executablePath = chromiumPaths.find((candidate) => candidate !== undefined && existsSync(candidate));
  if (executablePath === undefined) return { skipped: 'no Chromium (scripts/prepare-test-machine.mjs installs it)' };
  const browser = await chromium.launch({ executablePath, headless: true, args: chromiumArguments });
  try {
    const page = await browser.newPage();
    await page.addInitScript(pageProbe);
    const session = await page.context().newCDPSession(page);
    await session.send('Performance.enable');
    await session.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    // Served by the fake Dify's origin, which the proxy allows: a loopback page may load loopback scripts.
    await page.goto(`${hostUrl}/bench/host-page?proxy=${encodeURIComponent(proxyUrl)}`);
    await page.waitForFunction(() => Reflect.get(window, '__bench')?.bubbleAt !== undefined, undefined, { timeout: 30_000 });
    const bubblePaintMs = await page.evaluate(() => Number(Reflect.get(Reflect.get(window, '__bench'), 'bubbleAt')));
    const launcher = page.locator('dify-widget [part~="launcher"]');
    await launcher.click();
    const input = page.locator('dify-widget [part~="input"]');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(`bench ${JSON.stringify({ tokens: answerTokens, gap: 1000 / tokensPerSecond, markdown: true })}`);
    const sentAt = await page.evaluate(() => performance.now());
    await input.press('Enter');
    const samples: { length: number; script: number }[] = [];
    const deadline = Date.now() + 50_000;
    while (Date.now() < deadline) {
      samples.push({ length: await answerLength(page), script: await scriptMs(session) });
      if (await settled(page)) break;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    samples.push({ length: await answerLength(page), script: await scriptMs(session) });
    const finalLength = samples.at(-1)?.length ?? 0;
    const tenth = answerTokens / 10;
    const usPerToken = (from: number, to: number) =>
      ((scriptAt(samples, finalLength * to) - scriptAt(samples, finalLength * from)) * 1000) / tenth;
    const tasks: unknown = await page.evaluate(() => Reflect.get(Reflect.get(window, '__bench'), 'tasks'));
    const longTasks = (Array.isArray(tasks) ? tasks : []).filter(
      (task): task is [number, number] => Array.isArray(task) && typeof task[0] === 'number' && typeof task[1] === 'number',
    );
    const longest = (from: number) => Math.max(0, ...longTasks.filter(([start]) => start >= from).map(([, duration]) => duration));
    return {
      bubblePaintMs,
      firstTenthUsPerToken: usPerToken(0.0, 0.1),
      lastTenthUsPerToken: usPerToken(0.9, 1.0),
      longestTaskMs: longest(sentAt),
      longestTaskOverallMs: longest(0),
      longestTaskAfterSendMs:
        (longTasks.find(([start, duration]) => start >= sentAt && duration === longest(sentAt))?.[0] ?? sentAt) - sentAt,
      tokens: answerTokens,
    };
  } finally {
    await browser.close();
  }
}

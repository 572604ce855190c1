/**
 * Takes the README screenshots of the demo as `npm start` serves it:
 *   npm run build && npx tsx test/e2e/screenshot.ts
 * Writes docs/demo.png (desktop, chat open with a markdown answer and its actions), docs/demo-mobile.png
 * (phone sheet) and docs/demo-inline.png (the inline text generator), and each again in dark mode
 * (docs/demo-dark.png, docs/demo-mobile-dark.png, docs/demo-inline-dark.png).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startDemoServer } from './support/demo-server.ts';
import { assertWidgetBuilt } from './support/stack.ts';

const docsDirectory = fileURLToPath(new URL('../../docs/', import.meta.url));

async function waitForSettledAnswer(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const answers = document.querySelector('dify-widget')?.shadowRoot?.querySelectorAll('[part~="assistant-message"]') ?? [];
      const last = answers[answers.length - 1];
      return answers.length >= expected && last?.getAttribute('data-status') === 'ready';
    },
    count,
    { timeout: 30_000 },
  );
}

type Scheme = 'light' | 'dark';

const fileName = (name: string, scheme: Scheme) => `${docsDirectory}${name}${scheme === 'dark' ? '-dark' : ''}.png`;

async function chatScreenshot(browser: Browser, origin: string, phone: boolean, scheme: Scheme): Promise<void> {
  const context = await browser.newContext(
    phone
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: scheme }
      : { viewport: { width: 1280, height: 820 }, deviceScaleFactor: 2, colorScheme: scheme },
  );
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  const launcher = page.locator('dify-widget [part~="launcher"]');
  await launcher.waitFor({ state: 'visible' });
  if (phone) await launcher.tap();
  else await launcher.click();
  const input = page.locator('dify-widget [part~="input"]');
  await input.waitFor({ state: 'visible' });
  await input.fill('What can you do?');
  await input.press('Enter');
  await waitForSettledAnswer(page, 1);
  await input.fill('scenario: markdown');
  await input.press('Enter');
  await waitForSettledAnswer(page, 2);
  await page.locator('dify-widget [part~="answer-actions"] [part~="copy-answer"]').last().waitFor();
  // Let the last layout and scroll settle before the picture.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: fileName(phone ? 'demo-mobile' : 'demo', scheme) });
  await context.close();
}

async function inlineScreenshot(browser: Browser, origin: string, scheme: Scheme): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 2, colorScheme: scheme });
  const page = await context.newPage();
  await page.goto(`${origin}/completion`);
  const topic = page.locator('dify-widget [data-variable="topic"] input');
  await topic.waitFor({ state: 'visible' });
  await topic.fill('Lighthouses');
  await page.locator('dify-widget [data-variable="tone"] select').selectOption('playful');
  await page.locator('dify-widget [part~="generate"]').click();
  await page.locator('dify-widget [part~="result"][data-status="ready"]').waitFor({ timeout: 30_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: fileName('demo-inline', scheme), fullPage: true });
  await context.close();
}

assertWidgetBuilt();
await mkdir(docsDirectory, { recursive: true });
const [launched, demo] = await Promise.all([launchBrowser(), startDemoServer()]);
try {
  for (const scheme of ['light', 'dark'] as const) {
    await chatScreenshot(launched.browser, demo.origin, false, scheme);
    await chatScreenshot(launched.browser, demo.origin, true, scheme);
    await inlineScreenshot(launched.browser, demo.origin, scheme);
  }
  console.log(`screenshots written to ${docsDirectory}`);
} finally {
  await demo.close();
  await launched.close();
}

/**
 * Screenshots of the Dify features on the demo's /features page, as `npm start` serves it:
 *   npm run build && npx tsx test/e2e/screenshots/dify-features.ts
 * Writes docs/sources.png (an answer's sources, one opened), docs/steps.png (a chatflow's steps disclosure,
 * opened) and docs/follow-ups.png (the follow-up questions after an answer).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startDemoServer } from '../support/demo-server.ts';
import { assertWidgetBuilt } from '../support/stack.ts';

const docsDirectory = fileURLToPath(new URL('../../../docs/', import.meta.url));

async function askInline(page: Page, app: string, question: string): Promise<Locator> {
  const widget = page.locator(`dify-widget[data-app="${app}"]`);
  const input = widget.locator('[part~="input"]');
  await input.waitFor({ state: 'visible' });
  await input.fill(question);
  await input.press('Enter');
  await widget.locator('[part~="assistant-message"][data-status="ready"]').last().waitFor({ timeout: 30_000 });
  return widget;
}

/** A picture of one section of the page (the card holding the app). */
async function shoot(page: Page, section: string, file: string): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.locator(section).screenshot({ path: `${docsDirectory}${file}` });
}

async function featureScreenshots(browser: Browser, origin: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 }, deviceScaleFactor: 2, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${origin}/features`);

  const knowledge = await askInline(page, 'knowledge', 'Where do I start?');
  await knowledge.locator('[part~="follow-up"]').first().waitFor({ timeout: 30_000 });
  await knowledge.locator('[part~="source-toggle"]').first().click();
  await shoot(page, '.app-kind:has(#knowledge-app)', 'sources.png');
  // The same answer, its source closed again: the follow-up questions are the picture.
  await knowledge.locator('[part~="source-toggle"]').first().click();
  await knowledge.locator('[part~="follow-ups"]').scrollIntoViewIfNeeded();
  await shoot(page, '.app-kind:has(#knowledge-app)', 'follow-ups.png');

  const steps = await askInline(page, 'chatflow', 'scenario: steps');
  await steps.locator('[part~="steps-toggle"]').click();
  await steps.locator('[part~="body"]').evaluate((body) => (body.scrollTop = 0));
  await shoot(page, '.app-kind:has(#steps-app)', 'steps.png');
  await context.close();
}

assertWidgetBuilt();
await mkdir(docsDirectory, { recursive: true });
const [launched, demo] = await Promise.all([launchBrowser(), startDemoServer()]);
try {
  await featureScreenshots(launched.browser, demo.origin);
  console.log(`screenshots written to ${docsDirectory}`);
} finally {
  await demo.close();
  await launched.close();
}

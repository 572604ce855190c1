/**
 * Screenshots of the conversations drawer and the workflow view, on the demo as `npm start` serves it:
 *   npx vite build && npx tsx test/e2e/screenshots/conversations.ts
 * Writes docs/conversations.png (the chat panel with its conversations drawer open) and docs/workflow.png
 * (the inline workflow on the every-app-kind page, after a run, with its outputs).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startDemoServer } from '../support/demo-server.ts';
import { assertWidgetBuilt } from '../support/stack.ts';

const docsDirectory = fileURLToPath(new URL('../../../docs/', import.meta.url));

const settle = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

async function askAndWait(page: Page, question: string, answers: number): Promise<void> {
  const input = page.locator('dify-widget [part~="input"]');
  await input.fill(question);
  await input.press('Enter');
  await page.waitForFunction(
    (expected) => {
      const all = document.querySelector('dify-widget')?.shadowRoot?.querySelectorAll('[part~="assistant-message"]') ?? [];
      return all.length >= expected && all[all.length - 1]?.getAttribute('data-status') === 'ready';
    },
    answers,
    { timeout: 30_000 },
  );
}

async function drawerScreenshot(browser: Browser, origin: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 2, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.locator('dify-widget [part~="launcher"]').click();
  await page.locator('dify-widget [part~="input"]').waitFor({ state: 'visible' });
  const questions = ['Plan a weekend in Lisbon', 'echo: How do tides work?', 'What can you do?'];
  for (const [index, question] of questions.entries()) {
    if (index > 0) {
      await page.locator('dify-widget [part~="conversations-toggle"]').click();
      await page.locator('dify-widget [part~="drawer-new-conversation"]').click();
    }
    await askAndWait(page, question, 1);
  }
  await page.locator('dify-widget [part~="conversations-toggle"]').click();
  await page.locator('dify-widget [part~="conversation"]').nth(2).waitFor({ state: 'visible' });
  await page.locator('dify-widget [part~="conversation-item"]').nth(1).locator('[part~="conversation-delete"]').click();
  await settle(page);
  await page.screenshot({ path: `${docsDirectory}conversations.png` });
  await context.close();
}

async function workflowScreenshot(browser: Browser, origin: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 2, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${origin}/apps`);
  const workflow = page.locator('dify-widget[data-app="workflow"]');
  const query = workflow.locator('[data-variable="query"] textarea');
  await query.waitFor({ state: 'visible' });
  await query.fill('Describe a harbour at dawn');
  await workflow.locator('[data-variable="settings"] textarea').fill('{"tone": "calm", "lines": 3}');
  await workflow.locator('[part~="run"]').click();
  await workflow.locator('[part~="result"][data-ending="complete"]').waitFor({ timeout: 30_000 });
  await workflow.scrollIntoViewIfNeeded();
  await settle(page);
  await workflow.screenshot({ path: `${docsDirectory}workflow.png` });
  await context.close();
}

assertWidgetBuilt();
await mkdir(docsDirectory, { recursive: true });
const [launched, demo] = await Promise.all([launchBrowser(), startDemoServer()]);
try {
  await drawerScreenshot(launched.browser, demo.origin);
  await workflowScreenshot(launched.browser, demo.origin);
  console.log(`screenshots written to ${docsDirectory}`);
} finally {
  await demo.close();
  await launched.close();
}

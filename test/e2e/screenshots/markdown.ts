/**
 * Screenshots of an answer with math, highlighted code and a table, light and dark, from the demo as
 * `npm start` serves it:
 *   npm run build && npx tsx test/e2e/screenshots/markdown.ts
 * Writes docs/markdown-light.png and docs/markdown-dark.png.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startDemoServer } from '../support/demo-server.ts';
import { assertWidgetBuilt } from '../support/stack.ts';

const docsDirectory = fileURLToPath(new URL('../../../docs/', import.meta.url));

const answer = [
  'The area of a circle is $A = \\pi r^2$, and the sum of the first $n$ numbers is',
  '',
  '$$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$',
  '',
  '```python',
  'def triangle(n: int) -> int:',
  '    """The n-th triangular number."""',
  '    return n * (n + 1) // 2  # exact',
  '```',
  '',
  '| n | Triangle | Square | Internationalization |',
  '| ---: | ---: | ---: | --- |',
  '| 3 | 6 | 9 | fits |',
  '| 10 | 55 | 100 | scrolls on a phone |',
].join('\n');

async function answerScreenshot(browser: Browser, origin: string, colorScheme: 'light' | 'dark'): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 2, colorScheme });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  const launcher = page.locator('dify-widget [part~="launcher"]');
  await launcher.waitFor({ state: 'visible' });
  await launcher.click();
  const input = page.locator('dify-widget [part~="input"]');
  await input.waitFor({ state: 'visible' });
  await input.fill(`echo: ${answer}`);
  await input.press('Enter');
  const last = page.locator('dify-widget [part~="assistant-message"]').last();
  await last.locator('math[display="block"]').waitFor({ timeout: 60_000 });
  await last.locator('.hljs-keyword').first().waitFor({ timeout: 60_000 });
  await page.locator('dify-widget [part~="assistant-message"][data-status="ready"]').last().waitFor({ timeout: 60_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.locator('dify-widget [part~="panel"]').screenshot({ path: `${docsDirectory}markdown-${colorScheme}.png` });
  await context.close();
}

assertWidgetBuilt();
await mkdir(docsDirectory, { recursive: true });
const [launched, demo] = await Promise.all([launchBrowser(), startDemoServer()]);
try {
  await answerScreenshot(launched.browser, demo.origin, 'light');
  await answerScreenshot(launched.browser, demo.origin, 'dark');
  console.log(`screenshots written to ${docsDirectory}markdown-{light,dark}.png`);
} finally {
  await demo.close();
  await launched.close();
}

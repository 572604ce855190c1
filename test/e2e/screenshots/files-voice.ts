/**
 * Screenshots of uploads and voice on the demo's "Files and voice" page:
 *   npm run build && npx tsx test/e2e/screenshots/files-voice.ts
 * Writes docs/uploads.png (an image and a document sent, a picture attached, a refused file explained) and
 * docs/voice.png (an answer being read aloud, a recording in progress; Chromium's fake microphone).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { fakeMicrophoneArguments, launchBrowser } from '../support/browser.ts';
import { startDemoServer } from '../support/demo-server.ts';
import { assertWidgetBuilt } from '../support/stack.ts';

const docsDirectory = fileURLToPath(new URL('../../../docs/', import.meta.url));

/** Pastes a picture drawn on a canvas (a sunset) into the message box of the widget for `app`. */
async function pastePicture(page: Page, app: string, name: string): Promise<void> {
  await page.evaluate(
    async ({ widget, fileName }) => {
      const canvas = document.createElement('canvas');
      canvas.width = 160;
      canvas.height = 120;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no canvas');
      const sky = context.createLinearGradient(0, 0, 0, 120);
      sky.addColorStop(0, '#f97316');
      sky.addColorStop(1, '#7c3aed');
      context.fillStyle = sky;
      context.fillRect(0, 0, 160, 120);
      context.fillStyle = '#fde047';
      context.beginPath();
      context.arc(80, 84, 26, 0, Math.PI * 2);
      context.fill();
      context.fillStyle = '#1e3a8a';
      context.fillRect(0, 90, 160, 30);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error('no picture');
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], fileName, { type: 'image/png' }));
      const input = document.querySelector(`dify-widget[data-app="${widget}"]`)?.shadowRoot?.querySelector('[part~="input"]');
      input?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true, composed: true }));
    },
    { widget: app, fileName: name },
  );
}

async function settled(widget: Locator, count: number): Promise<void> {
  await widget.locator(`[part~="assistant-message"][data-status="ready"] >> nth=${count - 1}`).waitFor({ timeout: 30_000 });
}

async function uploadsScreenshot(browser: Browser, origin: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 2, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${origin}/files-voice`);
  const widget = page.locator('dify-widget[data-app="files"]');
  const input = widget.locator('[part~="input"]');
  await widget.locator('[part~="attach"]').waitFor({ state: 'visible' });
  await pastePicture(page, 'files', 'sunset.png');
  await widget.locator('[part~="file-input"]').setInputFiles({
    name: 'trip-notes.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from('# Trip notes\n\nThe beach at dusk.'),
  });
  await widget.locator('[part~="attachment"][data-state="uploaded"] >> nth=1').waitFor();
  await input.fill('echo: Here is the sunset from last night, and my notes about the trip.');
  await input.press('Enter');
  await settled(widget, 1);
  await pastePicture(page, 'files', 'another-sunset.png');
  await widget
    .locator('[part~="file-input"]')
    .setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
  await widget.locator('[part~="attach-problem"]').waitFor();
  await widget.locator('[part~="attachment"][data-state="uploaded"]').waitFor();
  await input.fill('Can you compare it with this one?');
  await page.locator('#files-chat').screenshot({ path: `${docsDirectory}uploads.png` });
  await context.close();
}

async function voiceScreenshot(browser: Browser, origin: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 2, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${origin}/files-voice`);
  const widget = page.locator('dify-widget[data-app="voice"]');
  const input = widget.locator('[part~="input"]');
  await widget.locator('[part~="microphone"]').waitFor({ state: 'visible' });
  await input.fill('What can you do?');
  await input.press('Enter');
  await settled(widget, 1);
  // Autoplay is on in this app: the answer is being read out (its speaker shows Stop).
  await widget.locator('[part~="read-aloud"][aria-pressed="true"]').waitFor({ timeout: 15_000 });
  await widget.locator('[part~="microphone"]').click();
  await widget.locator('[part~="recording-status"]', { hasText: '0:02' }).waitFor({ timeout: 15_000 });
  await page.locator('#voice-chat').screenshot({ path: `${docsDirectory}voice.png` });
  await context.close();
}

assertWidgetBuilt();
await mkdir(docsDirectory, { recursive: true });
const [launched, demo] = await Promise.all([launchBrowser(fakeMicrophoneArguments), startDemoServer()]);
try {
  await uploadsScreenshot(launched.browser, demo.origin);
  await voiceScreenshot(launched.browser, demo.origin);
  console.log(`screenshots written to ${docsDirectory}uploads.png and voice.png`);
} finally {
  await demo.close();
  await launched.close();
}

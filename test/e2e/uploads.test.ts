import type { FileChooser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runAxe, seriousFindings } from './support/axe.ts';
import { useBrowserStack } from './support/browser-stack.ts';
import { pasteOrDropFile, pngOfSize, tinyPng } from './support/media-files.ts';
import { requestsTo } from './support/simulator-calls.ts';
import { ask, openChatOnHostPage, settledAnswer, type WidgetParts } from './support/widget.ts';

const e2e = useBrowserStack({ startStack: 'in-each-test' });

const part = (widget: WidgetParts, name: string) => widget.host.locator(`[part~="${name}"]`);

/** The `files` of the chat messages the simulator received, oldest first. */
function filesSent(): unknown[] {
  return requestsTo(e2e.stack.simulator, '/v1/chat-messages').map((request) => Reflect.get(Object(request.body), 'files'));
}

describe('files and images', () => {
  it('attaches an image with the button, shows it, uploads it through the proxy and sends its id with the message', async () => {
    await e2e.startStack();
    const widget = await openChatOnHostPage(e2e);
    const chooser = e2e.page.waitForEvent('filechooser');
    await part(widget, 'attach').click();
    await (await chooser).setFiles({ name: 'cat.png', mimeType: 'image/png', buffer: tinyPng });

    const chip = part(widget, 'attachment');
    await expect.poll(() => chip.getAttribute('data-state')).toBe('uploaded');
    expect(await chip.innerText()).toContain('cat.png');
    // The thumbnail is drawn from the visitor's own file in the page (a data: URL, which CSPs allow more often than blob:).
    await expect.poll(() => chip.locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const [upload] = requestsTo(e2e.stack.simulator, '/v1/files/upload');
    expect(upload?.body).toMatchObject({ files: [{ field: 'file', filename: 'cat.png', mimeType: 'image/png', size: tinyPng.length }] });

    await ask(widget, 'echo: here is my cat');
    expect(await settledAnswer(widget)).toMatchObject({ status: 'ready' });
    expect(filesSent()).toEqual([
      [{ type: 'image', transfer_method: 'local_file', upload_file_id: expect.stringMatching(/^[0-9a-f-]{36}$/) }],
    ]);
    // Sent: the composer is empty again, and the next message carries no file.
    expect(await chip.count()).toBe(0);
    await ask(widget, 'echo: and nothing else');
    expect(await settledAnswer(widget)).toMatchObject({ status: 'ready' });
    expect(filesSent()[1]).toBeUndefined();
  });

  it('attaches pasted and dropped images', async () => {
    await e2e.startStack();
    const widget = await openChatOnHostPage(e2e);
    // The upload chunk listens for pastes and drops once it has loaded (the attach button shows it has).
    await part(widget, 'attach').waitFor();
    await pasteOrDropFile(e2e.page, 'paste', { name: 'pasted.png', type: 'image/png', bytes: tinyPng });
    await pasteOrDropFile(e2e.page, 'drop', { name: 'dropped.png', type: 'image/png', bytes: tinyPng });
    const chips = part(widget, 'attachment');
    await expect
      .poll(() => chips.evaluateAll((items) => items.map((item) => item.getAttribute('data-state'))))
      .toEqual(['uploaded', 'uploaded']);
    expect(await chips.allInnerTexts()).toEqual([expect.stringContaining('pasted.png'), expect.stringContaining('dropped.png')]);

    await ask(widget, 'echo: two pictures');
    expect(await settledAnswer(widget)).toMatchObject({ status: 'ready' });
    const [files] = filesSent();
    expect(files).toHaveLength(2);
    expect(files).toEqual([expect.objectContaining({ type: 'image' }), expect.objectContaining({ type: 'image' })]);
  });

  it('refuses, before uploading, a type, a size and a count the app does not allow, and says why', async () => {
    await e2e.startStack({ simulator: { fileSizeLimitsMb: { image: 1 } } });
    const widget = await openChatOnHostPage(e2e);
    const input = part(widget, 'file-input');
    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    const problem = part(widget, 'attach-problem');
    await expect.poll(() => problem.innerText()).toBe('notes.txt: This chat doesn’t take this kind of file.');
    await input.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: pngOfSize(1.5 * 1024 * 1024) });
    await expect.poll(() => problem.innerText()).toBe('huge.png: Files can be at most 1 MB.');
    const four = ['a', 'b', 'c', 'd'].map((name) => ({ name: `${name}.png`, mimeType: 'image/png', buffer: tinyPng }));
    await input.setInputFiles(four);
    await expect.poll(() => problem.innerText()).toBe('d.png: A message can carry at most 3 files.');
    await expect.poll(() => part(widget, 'attachment').count()).toBe(3);
    await expect.poll(() => requestsTo(e2e.stack.simulator, '/v1/files/upload').length).toBe(3);
    expect(await problem.getAttribute('role')).toBe('alert');
  });

  it('shows a slow upload’s progress and cancels it; the message is then sent without it', async () => {
    await e2e.startStack({ simulator: { uploadDelayMs: 60_000 } });
    const widget = await openChatOnHostPage(e2e);
    await part(widget, 'file-input').setInputFiles({ name: 'slow.png', mimeType: 'image/png', buffer: pngOfSize(2 * 1024 * 1024) });
    const chip = part(widget, 'attachment');
    expect(await chip.getAttribute('data-state')).toBe('uploading');
    const progress = chip.locator('progress');
    expect(await progress.getAttribute('aria-label')).toBe('Uploading slow.png');
    // XMLHttpRequest reports the bytes sent: the bar moves while the file goes out.
    await expect.poll(() => progress.evaluate((bar) => (bar instanceof HTMLProgressElement ? bar.value : 0))).toBeGreaterThan(0);
    await expect.poll(() => requestsTo(e2e.stack.simulator, '/v1/files/upload').length).toBe(1);

    // Sending while the file is still uploading waits for it: nothing goes out, the text stays.
    await ask(widget, 'echo: too early');
    expect(await widget.input.inputValue()).toBe('echo: too early');
    expect(filesSent()).toEqual([]);

    const cancel = part(widget, 'remove-attachment');
    expect(await cancel.getAttribute('aria-label')).toBe('Cancel the upload of slow.png');
    await cancel.click();
    await expect.poll(() => chip.count()).toBe(0);
    await widget.input.press('Enter');
    expect(await settledAnswer(widget)).toMatchObject({ status: 'ready' });
    expect(filesSent()).toEqual([undefined]);
  });

  it('is keyboard reachable and passes axe with a file attached', async () => {
    await e2e.startStack();
    // Listening from the start: Playwright intercepts file choosers only once a listener exists.
    const choosers: FileChooser[] = [];
    e2e.page.on('filechooser', (chooser) => choosers.push(chooser));
    const widget = await openChatOnHostPage(e2e);
    // The attach button comes with its own chunk: wait for it before moving focus to it.
    await part(widget, 'attach').waitFor({ state: 'visible' });
    await widget.input.focus();
    await e2e.page.keyboard.press('Shift+Tab');
    const focused = () => widget.host.evaluate((host) => host.shadowRoot?.activeElement?.getAttribute('part') ?? null);
    await expect.poll(focused).toBe('attach');
    expect(await part(widget, 'attach').getAttribute('aria-label')).toBe('Attach files');
    await e2e.page.keyboard.press('Enter');
    await expect.poll(() => choosers.length).toBe(1);
    await choosers[0]?.setFiles({ name: 'cat.png', mimeType: 'image/png', buffer: tinyPng });
    await expect.poll(() => part(widget, 'attachment').getAttribute('data-state')).toBe('uploaded');
    // The remove button is the next stop before the attach button.
    await e2e.page.keyboard.press('Shift+Tab');
    await expect.poll(focused).toBe('remove-attachment');
    expect(seriousFindings(await runAxe(e2e.page, 'dify-widget'))).toEqual([]);
  });

  it('shows no attach button when the app takes no files', async () => {
    await e2e.startStack({ apps: [{ id: 'chat', mode: 'chat', fileTypes: [] }] });
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, 'echo: hi');
    expect(await settledAnswer(widget)).toMatchObject({ status: 'ready' });
    expect(await part(widget, 'attach').count()).toBe(0);
    const scripts = await e2e.page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
    expect(scripts.filter((name) => /AttachFiles|Microphone/.test(name))).toEqual([]);
  });
});

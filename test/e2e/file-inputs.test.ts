import { describe, expect, it } from 'vitest';
import { runAxe, seriousFindings } from './support/axe.ts';
import { useBrowserStack } from './support/browser-stack.ts';
import { tinyPng } from './support/media-files.ts';
import { hostPage } from './support/pages.ts';
import { requestsTo } from './support/simulator-calls.ts';
import { ask, openChatOnHostPage, settledAnswer, widgetParts, type WidgetParts } from './support/widget.ts';

const e2e = useBrowserStack({ startStack: 'in-each-test' });

const part = (widget: WidgetParts, name: string) => widget.host.locator(`[part~="${name}"]`);
const focusedPart = (widget: WidgetParts) => widget.host.evaluate((host) => host.shadowRoot?.activeElement?.getAttribute('part') ?? null);
const uuid = expect.stringMatching(/^[0-9a-f-]{36}$/);
const pdf = Buffer.from('%PDF-1.4\n% a brief\n');

describe('file inputs of a workflow form', () => {
  it('holds the run until the required document is uploaded, then sends it as a mapping and the pictures as a list; axe', async () => {
    await e2e.startStack({
      apps: [
        { id: 'chat', mode: 'chat', default: true },
        { id: 'reader', mode: 'workflow', fileInputs: true },
      ],
    });
    const data = { app: 'reader', mode: 'inline', target: '#runner' };
    await e2e.page.goto(e2e.host.addPage('/', { html: hostPage({ body: '<main><div id="runner"></div></main>', widget: { data } }) }));
    const widget = widgetParts(e2e.page, 'reader');
    const field = (variable: string) => widget.host.locator(`[data-variable="${variable}"]`);
    const documentInput = field('document').locator('input[type=file]');
    await documentInput.waitFor({ state: 'attached' });
    await field('query').locator('textarea').fill('Summarise the brief');

    // Required and empty: the run is refused in the page and focus goes to the file control.
    await widget.host.locator('[part~="run"]').click();
    await expect.poll(() => documentInput.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => documentInput.evaluate((input) => input === (input.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(requestsTo(e2e.stack.simulator, '/v1/workflows/run')).toHaveLength(0);

    await documentInput.setInputFiles({ name: 'brief.pdf', mimeType: 'application/pdf', buffer: pdf });
    await field('pictures')
      .locator('input[type=file]')
      .setInputFiles([
        { name: 'a.png', mimeType: 'image/png', buffer: tinyPng },
        { name: 'b.png', mimeType: 'image/png', buffer: tinyPng },
      ]);
    await expect
      .poll(() => widget.host.locator('[part~="attachment"]').evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-state'))))
      .toEqual(['uploaded', 'uploaded', 'uploaded']);
    expect(requestsTo(e2e.stack.simulator, '/v1/files/upload')).toHaveLength(3);
    expect(seriousFindings(await runAxe(e2e.page, 'dify-widget'))).toEqual([]);

    await widget.host.locator('[part~="run"]').click();
    const result = widget.host.locator('[part~="result"]');
    await expect.poll(() => result.getAttribute('data-ending'), { timeout: 15_000 }).toBe('complete');
    const [run] = requestsTo(e2e.stack.simulator, '/v1/workflows/run');
    expect(Reflect.get(Object(run?.body), 'inputs')).toEqual({
      query: 'Summarise the brief',
      style: 'summary',
      document: { type: 'document', transfer_method: 'local_file', upload_file_id: uuid },
      pictures: [
        { type: 'image', transfer_method: 'local_file', upload_file_id: uuid },
        { type: 'image', transfer_method: 'local_file', upload_file_id: uuid },
      ],
    });
  });
});

describe('files from a link', () => {
  it('are offered by keyboard when the proxy forwards remote URLs, and sent as remote_url files', async () => {
    await e2e.startStack({ apps: [{ id: 'chat', mode: 'chat', fileTypes: ['image', 'document'], proxy: { remoteFileUrls: true } }] });
    const widget = await openChatOnHostPage(e2e);
    await part(widget, 'add-link').waitFor({ state: 'visible' });
    await widget.input.focus();
    await e2e.page.keyboard.press('Shift+Tab');
    await expect.poll(() => focusedPart(widget)).toBe('add-link');
    expect(await part(widget, 'add-link').getAttribute('aria-label')).toBe('Add from a link');
    await e2e.page.keyboard.press('Enter');
    await expect.poll(() => focusedPart(widget)).toBe('link-input');
    await e2e.page.keyboard.type('https://example.com/cats/tom.png');
    await e2e.page.keyboard.press('Enter');
    await expect.poll(() => part(widget, 'attachment').innerText()).toContain('tom.png');
    expect(seriousFindings(await runAxe(e2e.page, 'dify-widget'))).toEqual([]);

    await ask(widget, 'echo: this cat');
    expect(await settledAnswer(widget)).toMatchObject({ status: 'ready' });
    const [message] = requestsTo(e2e.stack.simulator, '/v1/chat-messages');
    expect(Reflect.get(Object(message?.body), 'files')).toEqual([
      { type: 'image', transfer_method: 'remote_url', url: 'https://example.com/cats/tom.png' },
    ]);
  });

  it('are not offered when the proxy refuses remote URLs (its default): uploads only, as before', async () => {
    await e2e.startStack({ apps: [{ id: 'chat', mode: 'chat', fileTypes: ['image', 'document'] }] });
    const widget = await openChatOnHostPage(e2e);
    await part(widget, 'attach').waitFor({ state: 'visible' });
    expect(await part(widget, 'add-link').count()).toBe(0);
  });
});

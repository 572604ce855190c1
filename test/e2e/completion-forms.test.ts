import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage } from './support/pages.ts';
import { requestsTo } from './support/simulator-calls.ts';
import { ask, settledAnswer, widgetParts } from './support/widget.ts';

const e2e = useBrowserStack({
  stack: {
    apps: [
      { id: 'chat', mode: 'chat', default: true },
      { id: 'completion', mode: 'completion', moreLikeThis: true },
    ],
  },
});

const generatorPage = () =>
  hostPage({
    body: '<main><div id="generator"></div></main>',
    widget: { data: { app: 'completion', mode: 'inline', target: '#generator' } },
  });

describe('completion results in a real browser', () => {
  it('sends feedback to Dify, offers More like this, and keeps the result and its rating after a reload', async () => {
    const url = e2e.host.addPage('/', { html: generatorPage() });
    await e2e.page.goto(url);
    const widget = widgetParts(e2e.page, 'completion');
    const part = (name: string) => widget.host.locator(`[part~="${name}"]`);
    await widget.host.locator('[data-variable="topic"] input').fill('Lighthouses');
    await part('generate').click();
    const result = part('result');
    await expect.poll(() => result.getAttribute('data-ending'), { timeout: 15_000 }).toBe('complete');
    const text = await result.locator('.dw-markdown, p').first().innerText();

    await part('feedback-like').click();
    await expect.poll(() => e2e.stack.simulator.requests.filter((request) => request.path.endsWith('/feedbacks')).length).toBe(1);
    const feedback = e2e.stack.simulator.requests.find((request) => request.path.endsWith('/feedbacks'));
    expect(feedback?.body).toMatchObject({ rating: 'like' });
    expect(await part('feedback-like').getAttribute('aria-pressed')).toBe('true');

    // Reload: the same result and rating, with no new generation.
    await e2e.page.reload();
    await expect.poll(() => result.getAttribute('data-ending'), { timeout: 15_000 }).toBe('complete');
    expect(await result.innerText()).toContain(text);
    expect(await part('feedback-like').getAttribute('aria-pressed')).toBe('true');
    expect(requestsTo(e2e.stack.simulator, '/v1/completion-messages')).toHaveLength(1);

    // More like this generates again from the kept result's inputs.
    await part('more-like-this').click();
    await expect.poll(() => requestsTo(e2e.stack.simulator, '/v1/completion-messages').length).toBe(2);
    expect(requestsTo(e2e.stack.simulator, '/v1/completion-messages')[1]?.body).toMatchObject({ inputs: { topic: 'Lighthouses' } });
    await expect.poll(() => result.getAttribute('data-ending'), { timeout: 15_000 }).toBe('complete');
    expect(await part('feedback-like').getAttribute('aria-pressed')).toBe('false');
  });
});

describe('a chat whose form has only optional fields', () => {
  it('offers it folded and skippable; unfolded, its values go with the first message', async () => {
    await e2e.page.goto(e2e.host.addPage('/', { html: hostPage() }));
    const widget = widgetParts(e2e.page);
    await widget.launcher.click();
    await widget.input.waitFor({ state: 'visible' });
    const toggle = widget.host.locator('[part~="inputs-toggle"]');
    await toggle.waitFor({ state: 'visible' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    // Focus went to the message box, not into the folded form.
    expect(await widget.input.evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(await widget.host.locator('[part~="inputs-form"]').count()).toBe(0);
    await toggle.click();
    const name = widget.host.locator('[data-variable="name"] input');
    await expect.poll(() => name.evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await name.fill('Ada');
    await ask(widget, 'Hello');
    await settledAnswer(widget);
    expect(requestsTo(e2e.stack.simulator, '/v1/chat-messages')[0]?.body).toMatchObject({ inputs: { name: 'Ada' } });
  });
});

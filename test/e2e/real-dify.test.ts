import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './support/browser-stack.ts';
import { chatMessagesAsking, requestsTo } from './support/simulator-calls.ts';
import { ask, openChatOnHostPage, settledAnswer, watchConsole, type WidgetParts } from './support/widget.ts';

// What a visitor meets with a real Dify behind the proxy (dify-api.md §4), one release at a time: the
// simulator plays the release each test names, and the widget is the built widget.js.
const e2e = useBrowserStack({ startStack: 'in-each-test' });

/** The problem shown inside the last answer: its kind and its words. */
async function answerProblem(widget: WidgetParts): Promise<{ kind: string | null; text: string }> {
  const problem = widget.answers.last().locator('[part~="problem"]');
  await problem.waitFor({ state: 'visible' });
  return { kind: await problem.getAttribute('data-kind'), text: await problem.innerText() };
}

const inputsOf = (body: unknown): unknown => (typeof body === 'object' && body !== null ? Reflect.get(body, 'inputs') : undefined);

/** The `detail` of every `dify-widget:error` event the page receives from now on (the server's own words). */
function watchErrorDetails(page: Page): () => Promise<unknown[]> {
  void page.evaluate(() => {
    const details: unknown[] = [];
    Reflect.set(window, '__errorDetails', details);
    window.addEventListener('dify-widget:error', (event) => details.push(event.detail.detail));
  });
  return () => page.evaluate(() => Reflect.get(window, '__errorDetails') as unknown[]);
}

describe('the widget against Dify as each release sends it, through the proxy', () => {
  it('continues a conversation with a required input after a reload, re-sending the inputs it started with (1.13)', async () => {
    await e2e.startStack({ simulator: { dify: '1.13' }, apps: [{ id: 'flow', mode: 'advanced-chat', flow: 'greeting' }] });
    const widget = await openChatOnHostPage(e2e);
    await widget.host.locator('[part~="inputs-form"] input').first().fill('Ada');
    await ask(widget, 'first question');
    expect(await settledAnswer(widget)).toEqual({ status: 'ready', text: expect.stringContaining('Hello Ada') });

    await e2e.page.reload();
    await widget.launcher.click();
    await expect.poll(() => widget.answers.count()).toBe(1);
    await ask(widget, 'second question');
    await expect.poll(() => widget.answers.count()).toBe(2);
    // Dify 1.13 checks inputs on every message: without them this answer would never come (§4.1, §4.3).
    expect(await settledAnswer(widget)).toEqual({ status: 'ready', text: expect.stringContaining('Hello Ada') });
    expect((await settledAnswer(widget)).text).toContain('you said: second question');
    expect(inputsOf(chatMessagesAsking(e2e.stack.simulator, 'second question')[0]?.body)).toMatchObject({ name: 'Ada' });
  });

  it('shows a failed chatflow run as the app’s failure, in its own words, with Retry (1.13)', async () => {
    await e2e.startStack({ simulator: { dify: '1.13' }, apps: [{ id: 'flow', mode: 'advanced-chat' }] });
    const console = watchConsole(e2e.page);
    const widget = await openChatOnHostPage(e2e);
    const errorDetails = watchErrorDetails(e2e.page);
    await ask(widget, 'scenario: node-fail');
    expect((await settledAnswer(widget)).status).toBe('error');
    // Dify ends a failed run with workflow_finished status "failed" and no error frame (§4.2).
    const problem = await answerProblem(widget);
    expect(problem.kind).toBe('run-failed');
    expect(problem.text).toContain('The app couldn’t finish this answer.');
    // The visitor reads one plain sentence; Dify's own reason goes to the page's `error` event.
    expect(problem.text).not.toContain('Connection refused');
    expect(problem.text).not.toMatch(/connection dropped/i);
    await expect.poll(() => errorDetails()).toEqual([expect.stringContaining('Connection refused')]);
    await expect.poll(() => widget.retry.isVisible()).toBe(true);
    expect(console.errors).toEqual([]);
  });

  it('ends the answer at main’s bare error frame and says why, instead of waiting on “Thinking…” (main)', async () => {
    // The owner adds a required input while the proxy still holds the old form: only Dify's worker sees it.
    await e2e.startStack({
      simulator: { dify: 'main' },
      timeouts: { formCacheMs: 600_000 },
      apps: [{ id: 'flow', mode: 'advanced-chat', flow: 'echo' }],
    });
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, 'before the change');
    expect(await settledAnswer(widget)).toEqual({ status: 'ready', text: expect.stringContaining('You said: before the change') });

    const errorDetails = watchErrorDetails(e2e.page);
    e2e.stack.simulator.republish(e2e.stack.keys['flow'] ?? '', { flow: 'greeting' });
    await ask(widget, 'after the change');
    await expect.poll(() => widget.answers.count()).toBe(2);
    expect((await settledAnswer(widget)).status).toBe('error');
    const problem = await answerProblem(widget);
    expect(problem.kind).toBe('run-failed');
    expect(problem.text).not.toContain('name is required in input form');
    await expect.poll(() => errorDetails()).toEqual([expect.stringContaining('name is required in input form')]);
    // The proxy ended the stream at the frame: the composer is ready again.
    await expect.poll(() => widget.send.isVisible()).toBe(true);
  });

  it('shows a paused chatflow’s form in the conversation, submits it, and follows the run to its answer (1.14)', async () => {
    await e2e.startStack({ simulator: { dify: '1.14' }, apps: [{ id: 'flow', mode: 'advanced-chat' }] });
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, 'scenario: approval');
    const form = widget.answers.last().locator('[part~="human-input"]');
    await form.waitFor({ state: 'visible' });
    expect(await form.innerText()).toContain('a person has to approve it');
    expect(await widget.answers.last().getAttribute('data-ending')).toBe('paused');

    await form.locator('textarea').fill('Looks fine to me');
    await form.getByRole('button', { name: 'Approve' }).click();
    await expect
      .poll(async () => widget.answers.last().innerText(), { timeout: 15_000 })
      .toContain('Approved. The reviewer noted: "Looks fine to me".');
    expect((await settledAnswer(widget)).status).toBe('ready');
    // Answered through the proxy's form endpoint, then followed through the run's event stream (§11.2).
    const submissions = e2e.stack.simulator.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/v1/form/'));
    expect(submissions).toMatchObject([{ body: { action: 'approve', inputs: { comment: 'Looks fine to me' } } }]);
    expect(e2e.stack.simulator.requests.some((request) => /^\/v1\/workflow\/[^/]+\/events$/.test(request.path))).toBe(true);
  });

  it('shows the text an image-first answer streams under message_file events (main)', async () => {
    await e2e.startStack({ simulator: { dify: 'main' }, apps: [{ id: 'chat', mode: 'chat' }] });
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, 'scenario: image-first');
    expect(await settledAnswer(widget)).toEqual({
      status: 'ready',
      text: expect.stringContaining('Here is the picture you asked for'),
    });
  });

  it('answers from an app of the agent mode (main)', async () => {
    await e2e.startStack({ simulator: { dify: 'main' }, apps: [{ id: 'agent', mode: 'agent' }] });
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, 'echo: an agent app on Dify main');
    expect(await settledAnswer(widget)).toEqual({ status: 'ready', text: expect.stringContaining('an agent app on Dify main') });
    expect(requestsTo(e2e.stack.simulator, '/v1/chat-messages')).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage } from './support/pages.ts';
import { requestsTo, watchUpstreamStops } from './support/simulator-calls.ts';
import { ask, openChatOnHostPage, recordAnswerGrowth, settledAnswer, watchConsole, widgetParts } from './support/widget.ts';

const e2e = useBrowserStack();

const longEcho =
  'The quick brown fox jumps over the lazy dog, again and again, so that this answer grows in many small visible steps before it ends.';

describe('streaming chat from the built widget.js, through the proxy, to the simulator', () => {
  it('opens from the bubble and streams an answer that visibly grows before it completes', async () => {
    const console = watchConsole(e2e.page);
    await e2e.page.goto(e2e.host.addPage('/', { html: hostPage() }));
    const widget = widgetParts(e2e.page);
    await widget.launcher.click();
    await expect.poll(() => widget.panel.isVisible()).toBe(true);
    await expect.poll(() => widget.launcher.getAttribute('aria-expanded')).toBe('true');

    const growth = await recordAnswerGrowth(e2e.page);
    await ask(widget, `echo: ${longEcho}`);
    const answer = await settledAnswer(widget);
    expect(answer).toEqual({ status: 'ready', text: expect.stringContaining(longEcho) });

    const partials = (await growth()).filter((text) => !text.includes(longEcho));
    // At least two different partial texts were on screen before the full answer: it streamed.
    expect(new Set(partials).size).toBeGreaterThanOrEqual(2);
    expect(console.errors).toEqual([]);
  });

  it('restores the conversation after a reload, from the proxy’s GET /messages', async () => {
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, 'echo: Remember the tangerine elephant.');
    expect((await settledAnswer(widget)).text).toContain('Remember the tangerine elephant.');

    await e2e.page.reload();
    const historyReads = () => requestsTo(e2e.stack.simulator, '/v1/messages').length;
    const readsBefore = historyReads();
    await widget.launcher.click();
    await expect.poll(() => widget.userMessages.count()).toBe(1);
    expect(await widget.userMessages.first().innerText()).toContain('echo: Remember the tangerine elephant.');
    expect((await widget.answers.first().innerText()).trim()).toContain('Remember the tangerine elephant.');
    expect(historyReads()).toBeGreaterThan(readsBefore);
  });

  it('stops a streaming answer with Stop, keeps the partial text, and the simulator sees the stop', async () => {
    const upstream = watchUpstreamStops(e2e.stack.simulator);

    const widget = await openChatOnHostPage(e2e);
    // `hold` streams its first words, then waits 30 s: the Stop lands mid-answer however slow the machine.
    await ask(widget, 'scenario: hold');
    const last = widget.answers.last();
    await expect.poll(() => last.getAttribute('data-status'), { timeout: 10_000 }).toBe('streaming');
    await expect.poll(async () => (await last.innerText()).includes('This answer')).toBe(true);

    await widget.stop.click();
    await expect.poll(() => last.getAttribute('data-ending')).toBe('aborted');
    expect(await last.innerText()).toContain('This answer');
    expect(await last.innerText()).not.toContain('between words.');

    // The proxy turned the visitor's Stop into Dify's stop call for this task and this visitor, and the
    // stream upstream ended without completing.
    await upstream.expectStopCall('/v1/chat-messages');
    await expect.poll(() => upstream.endReasons()).toEqual([expect.stringMatching(/^(stopped|client-closed)$/)]);
    // The composer is ready for the next question.
    await expect.poll(() => widget.send.count()).toBe(1);
  });
});

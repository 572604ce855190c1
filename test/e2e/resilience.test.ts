import { describe, expect, it } from 'vitest';
import type { StackOptions } from '../helpers/stack.ts';
import { useBrowserStack } from './support/browser-stack.ts';
import { dropFirstAnswerAfter } from './support/faults.ts';
import { chatMessagesAsking } from './support/simulator-calls.ts';
import { ask, openChatOnHostPage, settledAnswer, type WidgetParts } from './support/widget.ts';

const e2e = useBrowserStack({ startStack: 'in-each-test' });

/** Starts the stack for this test and opens the chat on a host page. */
async function openChat(options: StackOptions = {}): Promise<WidgetParts> {
  await e2e.startStack(options);
  return openChatOnHostPage(e2e);
}

const chatCalls = (query: string) => chatMessagesAsking(e2e.stack.simulator, query).length;

describe('when the visitor sends too fast', () => {
  it('shows a clear message saying when to retry, matching the proxy’s Retry-After, and nothing more reaches Dify', async () => {
    const widget = await openChat({ limits: { requestsPerVisitor: 6, windowSeconds: 60 } });
    const limited: string[] = [];
    e2e.page.on('response', (response) => {
      if (response.status() === 429) limited.push(response.headers()['retry-after'] ?? '');
    });

    let sends = 0;
    for (; sends < 10 && limited.length === 0; sends += 1) {
      await ask(widget, `echo: message ${sends}`);
      await settledAnswer(widget);
    }
    expect(limited.length).toBeGreaterThan(0);
    const retryAfter = Number(limited[0]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const problem = widget.answers.last().locator('[part~="problem"]');
    await expect.poll(() => problem.isVisible()).toBe(true);
    const text = await problem.innerText();
    expect(text).toMatch(/too many/i);
    // "Try again in N seconds", with the proxy's own number (a second may tick by).
    const shown = Number(/(\d+)\s*second/.exec(text)?.[1]);
    expect(Math.abs(shown - retryAfter)).toBeLessThanOrEqual(1);
    expect(chatCalls(`echo: message ${sends - 1}`)).toBe(0);
  });
});

describe('when Dify fails in the middle of an answer', () => {
  for (const [scenario, words] of [
    ['scenario: error-midstream', /error/i],
    ['scenario: drop', /stopped|connection|dropped/i],
  ] as const) {
    it(`${scenario}: keeps the partial answer, says what happened in plain words, and Retry asks again`, async () => {
      const widget = await openChat();
      await ask(widget, scenario);
      const answer = await settledAnswer(widget);
      expect(answer.status).toBe('error');
      const last = widget.answers.last();
      const problem = last.locator('[part~="problem"]');
      const partial = (await last.locator('.dw-md').innerText()).trim();
      expect(partial.split(/\s+/).length).toBeGreaterThanOrEqual(2);
      expect(await problem.innerText()).toMatch(words);
      expect(await problem.innerText()).not.toMatch(/undefined|\[object|stack|TypeError/);
      expect(chatCalls(scenario)).toBe(1);

      await last.locator('[part~="retry"]').click();
      await expect.poll(() => chatCalls(scenario)).toBe(2);
      // The retried answer replaces the failed one in the same turn (here it fails again, by script).
      expect((await settledAnswer(widget)).status).toBe('error');
      expect(await widget.answers.count()).toBe(1);
    });
  }

  it('Retry after a broken stream gets the whole answer', async () => {
    const fault = dropFirstAnswerAfter(4);
    const widget = await openChat({ fetch: fault.fetch });
    const words = 'Every word of this answer arrives in its own small chunk so the break happens in the middle of it.';
    await ask(widget, `echo: ${words}`);
    const broken = await settledAnswer(widget);
    expect(broken.status).toBe('error');
    expect(fault.dropped()).toBe(1);
    const partial = (await widget.answers.last().locator('.dw-md').innerText()).trim();
    expect(partial.length).toBeGreaterThan(0);
    expect(words.startsWith(partial.slice(0, 5))).toBe(true);
    expect(partial).not.toContain(words);

    await widget.retry.click();
    expect(await settledAnswer(widget)).toEqual({ status: 'ready', text: expect.stringContaining(words) });
    expect(await widget.problem.count()).toBe(0);
    expect(await widget.answers.count()).toBe(1);
  });
});

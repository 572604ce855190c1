import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runAxe, seriousFindings } from './support/axe.ts';
import { useBrowserStack } from './support/browser-stack.ts';
import { chatMessagesAsking } from './support/simulator-calls.ts';
import { hostPage } from './support/pages.ts';
import { ask, openChatOnHostPage, settledAnswer, type WidgetParts } from './support/widget.ts';

const e2e = useBrowserStack({ startStack: 'in-each-test', context: { viewport: { width: 1280, height: 800 } } });

const manyWords = Array.from({ length: 120 }, (_, index) => `word${index}`).join(' ');

/** How far the conversation is scrolled from its bottom, in pixels. */
const distanceFromBottom = (widget: WidgetParts) =>
  widget.panel.locator('[part~="body"]').evaluate((body) => body.scrollHeight - body.scrollTop - body.clientHeight);

const scrollConversationToTop = (widget: WidgetParts) =>
  widget.panel.locator('[part~="body"]').evaluate((body) => {
    body.scrollTop = 0;
    body.dispatchEvent(new Event('scroll'));
  });

/** Records what the answer's Copy writes, without the clipboard permission prompt. */
const recordClipboard = (page: Page) =>
  page.addInitScript(() => {
    const written: string[] = [];
    Reflect.set(window, '__copied', written);
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: async (text: string) => void written.push(text) },
      configurable: true,
    });
  });

describe('the finish, in Chromium through the proxy and the simulator', () => {
  it('shows a sent message wherever the visitor had scrolled, and offers “Jump to latest” while an answer streams', async () => {
    await e2e.startStack({ simulator: { chunkDelayMs: 12 } });
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, `echo: ${manyWords}`);
    await settledAnswer(widget, 60_000);
    await scrollConversationToTop(widget);
    expect(await distanceFromBottom(widget)).toBeGreaterThan(100);

    await ask(widget, `echo: ${manyWords} ${manyWords}`);
    // Sent while scrolled up: the new message is brought into view.
    await expect.poll(() => distanceFromBottom(widget)).toBeLessThan(48);
    await expect.poll(() => widget.answers.last().getAttribute('data-status')).toBe('streaming');

    await scrollConversationToTop(widget);
    const pill = widget.panel.locator('[part~="jump-to-latest"]');
    await pill.waitFor({ state: 'visible' });
    expect(await pill.evaluate((element) => element.parentElement?.getAttribute('aria-live'))).toBe('polite');
    // Scrolled up, the conversation stays where the visitor reads while the answer grows.
    expect(await widget.panel.locator('[part~="body"]').evaluate((body) => body.scrollTop)).toBeLessThan(5);
    await pill.focus();
    await e2e.page.keyboard.press('Enter');
    await expect.poll(() => distanceFromBottom(widget)).toBeLessThan(48);
    await expect.poll(() => pill.count()).toBe(0);
    // Back at the bottom it follows the answer again until the end.
    await settledAnswer(widget, 60_000);
    expect(await distanceFromBottom(widget)).toBeLessThan(48);
  });

  it('copies, regenerates in the same conversation, and sends a dislike with its reason to Dify', async () => {
    await e2e.startStack();
    await recordClipboard(e2e.page);
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, 'echo: **Bold** and `code`');
    await settledAnswer(widget);
    const actions = widget.panel.locator('[part~="answer-actions"]');
    await actions.locator('[part~="copy-answer"]').click();
    await expect.poll(() => e2e.page.evaluate(() => Reflect.get(window, '__copied'))).toEqual(['**Bold** and `code`']);

    await actions.locator('[part~="regenerate"]').click();
    await expect.poll(() => chatMessagesAsking(e2e.stack.simulator, 'echo: **Bold** and `code`').length).toBe(2);
    await settledAnswer(widget);
    // The first message started the conversation; the new answer is asked for in it.
    const [first, second] = chatMessagesAsking(e2e.stack.simulator, 'echo: **Bold** and `code`').map((request) => request.body);
    expect(Reflect.get(Object(first), 'conversation_id')).toBeUndefined();
    expect(Reflect.get(Object(second), 'conversation_id')).toEqual(expect.any(String));
    expect(await widget.userMessages.count()).toBe(1);

    await actions.locator('[part~="feedback-dislike"]').click();
    const reason = widget.panel.locator('[part~="feedback-reason"] textarea');
    await expect.poll(() => reason.evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await e2e.page.keyboard.type('It repeated my words');
    await widget.panel.locator('[part~="feedback-reason-send"]').click();
    const feedbacks = () =>
      e2e.stack.simulator.requests
        .filter((request) => /^\/v1\/messages\/[^/]+\/feedbacks$/.test(request.path))
        .map((request) => request.body);
    await expect.poll(() => feedbacks().length).toBe(2);
    expect(feedbacks()[1]).toMatchObject({ rating: 'dislike', content: 'It repeated my words' });
    expect(await actions.locator('[part~="feedback-dislike"]').getAttribute('aria-pressed')).toBe('true');
  });

  it('counts down near the proxy’s MAX_QUERY_CHARS and never sends a longer message or loses it', async () => {
    await e2e.startStack({ limits: { maxQueryChars: 40 } });
    const widget = await openChatOnHostPage(e2e);
    const counter = widget.panel.locator('[part~="counter"]');
    await widget.input.fill('x'.repeat(20));
    expect(await counter.count()).toBe(0);
    await widget.input.fill('x'.repeat(35));
    await expect.poll(() => counter.innerText()).toBe('Characters left: 5');
    await widget.input.fill('y'.repeat(50));
    await expect.poll(() => counter.innerText()).toBe('Characters over the limit: 10');
    expect(await widget.send.isDisabled()).toBe(true);
    await widget.input.press('Enter');
    expect(await widget.input.inputValue()).toBe('y'.repeat(50));
    expect(chatMessagesAsking(e2e.stack.simulator, 'y'.repeat(50))).toHaveLength(0);
  });

  it('starts a new conversation from a labelled button and brings the old one back with Undo', async () => {
    await e2e.startStack();
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, 'echo: Remember the blue heron.');
    await settledAnswer(widget);
    const newConversation = widget.panel.locator('[part~="new-conversation"]');
    expect(await newConversation.innerText()).toBe('New conversation');
    await newConversation.click();
    await expect.poll(() => widget.userMessages.count()).toBe(0);
    const undo = widget.panel.locator('[part~="undo"]');
    await undo.waitFor({ state: 'visible' });
    expect(await widget.panel.locator('[part~="undo-toast"]').getAttribute('role')).toBe('status');
    await undo.click();
    await expect.poll(() => widget.userMessages.first().innerText()).toContain('Remember the blue heron.');
    await ask(widget, 'echo: Still the same one?');
    await settledAnswer(widget);
    const [first, next] = [
      ...chatMessagesAsking(e2e.stack.simulator, 'echo: Remember the blue heron.'),
      ...chatMessagesAsking(e2e.stack.simulator, 'echo: Still the same one?'),
    ];
    expect(Reflect.get(Object(next?.body), 'conversation_id')).toEqual(expect.any(String));
    expect(first).toBeDefined();
  });

  it('expands the panel on a desktop and keeps it large while open; phones have no Expand', async () => {
    await e2e.startStack();
    const widget = await openChatOnHostPage(e2e);
    const width = () => widget.panel.evaluate((panel) => panel.getBoundingClientRect().width);
    expect(await width()).toBeLessThan(450);
    const expand = widget.panel.locator('[part~="expand"]');
    await expand.click();
    expect(await expand.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(width).toBeGreaterThan(700);
    await ask(widget, 'echo: still large');
    await settledAnswer(widget);
    expect(await width()).toBeGreaterThan(700);
    await e2e.page.setViewportSize({ width: 390, height: 800 });
    await expect.poll(() => expand.isVisible()).toBe(false);
  });

  it('puts dark text on a light brand colour and white on a dark one, unless the owner sets it', async () => {
    await e2e.startStack();
    let pages = 0;
    const launcherColours = async (data: Record<string, string>, head = '') => {
      pages += 1;
      await e2e.page.goto(e2e.host.addPage(`/brand-${pages}`, { html: hostPage({ widget: { data }, head }) }));
      // The chat's own launcher, once the app has replaced the painted one (measuring the painted one
      // could catch it just as it is removed, with no styles left to compute).
      const launcher = e2e.page.locator('dify-widget').locator('.dw-mount [part~="launcher"]');
      await launcher.waitFor({ state: 'visible' });
      // As #rrggbb, painted on a canvas: Chromium reports a colour made in oklch() as oklch().
      return launcher.evaluate((element) => {
        const context = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
        const hex = (colour: string) => {
          if (!context) return 'no canvas';
          context.fillStyle = colour;
          context.fillRect(0, 0, 1, 1);
          return `#${Array.from(context.getImageData(0, 0, 1, 1).data.slice(0, 3), (channel) => channel.toString(16).padStart(2, '0')).join('')}`;
        };
        return [hex(getComputedStyle(element).backgroundColor), hex(getComputedStyle(element).color)];
      });
    };
    expect(await launcherColours({ 'primary-color': '#fde047' })).toEqual(['#fde047', '#000000']);
    expect(await launcherColours({ 'primary-color': '#155eef' })).toEqual(['#155eef', '#ffffff']);
    const owner = '<style>dify-widget { --dify-widget-on-primary: #123456; }</style>';
    expect(await launcherColours({ 'primary-color': '#fde047', title: 'Owner' }, owner)).toEqual(['#fde047', '#123456']);
  });

  it.each(['light', 'dark'] as const)('has no serious axe finding, contrast included, with a long markdown answer (%s)', async (scheme) => {
    await e2e.startStack();
    await e2e.page.emulateMedia({ colorScheme: scheme });
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, 'scenario: markdown');
    await settledAnswer(widget, 30_000);
    await widget.panel.locator('[part~="answer-actions"] button').first().waitFor();
    await widget.input.fill('x'.repeat(10));
    const findings = seriousFindings(await runAxe(e2e.page, 'dify-widget'));
    expect(findings, JSON.stringify(findings, null, 1)).toEqual([]);
  });
});

/**
 * The Dify features of issue 9 in Chromium, through the proxy and the simulator: sources under an answer
 * (opened by keyboard), the steps disclosure of a chatflow and an agent's tool call and image (collapsed by
 * default, and again after a reload), follow-up questions (one /suggested call per answer, counted at the simulator), the app's
 * /site colour, description and disclaimer, the saved-reply label, and an axe scan of the new controls.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runAxe, seriousFindings } from './support/axe.ts';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage, widgetScriptTag } from './support/pages.ts';
import { ask, settledAnswer, widgetParts } from './support/widget.ts';

const site = {
  chat_color_theme: '#7c3aed',
  description: 'Opening hours, from saved replies.',
  custom_disclaimer: 'Answers may be wrong.',
  copyright: 'Demo Company',
  privacy_policy: 'https://example.com/privacy',
  use_icon_as_answer_icon: true,
};

const e2e = useBrowserStack({
  stack: {
    apps: [
      { id: 'knowledge', mode: 'chat', default: true, followUps: true },
      { id: 'agent', mode: 'agent-chat' },
      { id: 'chatflow', mode: 'advanced-chat' },
      { id: 'branded', mode: 'chat', citations: false, site },
    ],
  },
});

/** A page with the one app inline, its panel open from the start. */
async function openApp(page: Page, app: string) {
  const tag = widgetScriptTag({ data: { app, mode: 'inline', target: '#chat' } });
  await page.goto(e2e.host.addPage(`/${app}`, { html: hostPage({ widget: null, body: `<main><div id="chat"></div></main>${tag}` }) }));
  const widget = widgetParts(page, app);
  await widget.input.waitFor({ state: 'visible' });
  return widget;
}

describe('sources, follow-ups and the saved-reply label', () => {
  it('lists the sources collapsed; Enter and Space open and close a quoted segment', async () => {
    const widget = await openApp(e2e.page, 'knowledge');
    await ask(widget, 'Where do I start?');
    expect((await settledAnswer(widget)).status).toBe('ready');
    const toggles = widget.host.locator('[part~="source-toggle"]');
    await expect.poll(() => toggles.count()).toBe(2);
    expect(await toggles.first().innerText()).toContain('getting-started.md');
    expect(await toggles.first().innerText()).toContain('Product handbook');
    expect(await toggles.first().innerText()).toContain('0.91');
    const quote = widget.host.locator('[part~="source-quote"]').first();
    expect([await toggles.first().getAttribute('aria-expanded'), await quote.isVisible()]).toEqual(['false', false]);
    await toggles.first().focus();
    await e2e.page.keyboard.press('Enter');
    await expect.poll(() => quote.isVisible()).toBe(true);
    expect(await toggles.first().getAttribute('aria-expanded')).toBe('true');
    expect(await quote.innerText()).toContain('Start small');
    await e2e.page.keyboard.press('Space');
    await expect.poll(() => quote.isVisible()).toBe(false);
    // Tab moves on to the next source: real buttons in the tab order.
    await e2e.page.keyboard.press('Tab');
    expect(await toggles.nth(1).evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    // After a reload the answer comes back from /messages, with its sources.
    await e2e.page.reload();
    await expect.poll(() => toggles.count()).toBe(2);
    expect(await toggles.first().innerText()).toContain('getting-started.md');
    // No follow-ups for an answer read back from the history: they were offered when it was given.
    expect(await widget.host.locator('[part~="follow-ups"]').count()).toBe(0);
  });

  it('shows the app’s follow-up questions after each answer, from one /suggested call per answer, and sends one when pressed', async () => {
    const widget = await openApp(e2e.page, 'knowledge');
    const suggested = () => e2e.stack.simulator.requests.filter((request) => /^\/v1\/messages\/[^/]+\/suggested$/.test(request.path));
    await ask(widget, 'What can you do?');
    await settledAnswer(widget);
    const followUps = widget.host.locator('[part~="follow-up"]');
    await expect.poll(() => followUps.count()).toBeGreaterThan(0);
    expect(suggested()).toHaveLength(1);
    const question = await followUps.first().innerText();
    await followUps.first().focus();
    await e2e.page.keyboard.press('Enter');
    await expect.poll(() => widget.userMessages.count()).toBe(2);
    expect(await widget.userMessages.last().innerText()).toContain(question);
    await expect.poll(() => widget.answers.last().getAttribute('data-status')).toBe('ready');
    await expect.poll(() => followUps.count()).toBeGreaterThan(0);
    // The earlier answer's questions are gone, and each answer cost exactly one call.
    expect(suggested()).toHaveLength(2);
    expect(new Set(suggested().map((request) => request.path)).size).toBe(2);
  });

  it('marks an answer from the app’s saved replies and shows no follow-ups or sources for an app with both off', async () => {
    const widget = await openApp(e2e.page, 'branded');
    await ask(widget, 'scenario: annotation');
    await settledAnswer(widget);
    await expect.poll(() => widget.host.locator('[part~="annotation"]').innerText()).toBe('A saved reply of the app');
    // use_icon_as_answer_icon: the app's icon beside the answer.
    expect(await widget.answers.last().locator('.dw-app-icon').count()).toBe(1);
    await ask(widget, 'Where do I start?');
    await expect.poll(() => widget.answers.count()).toBe(2);
    await settledAnswer(widget);
    expect(await widget.host.locator('[part~="annotation"]').count()).toBe(1);
    expect(await widget.host.locator('[part~="sources"], [part~="follow-ups"]').count()).toBe(0);
    expect(e2e.stack.simulator.requests.filter((request) => request.path.endsWith('/suggested'))).toHaveLength(0);
  });
});

describe('steps and thoughts', () => {
  it('a chatflow’s nodes, iteration and loop sit in a collapsed disclosure above the answer; Enter opens it', async () => {
    const widget = await openApp(e2e.page, 'chatflow');
    await ask(widget, 'scenario: steps');
    const toggle = widget.host.locator('[part~="steps-toggle"]');
    await toggle.waitFor({ state: 'visible' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await settledAnswer(widget);
    const steps = widget.host.locator('[part~="step"]');
    expect(await steps.first().isVisible()).toBe(false);
    await toggle.focus();
    await e2e.page.keyboard.press('Enter');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    const text = await widget.host.locator('[part~="steps"]').innerText();
    for (const title of ['Start', 'For each topic', 'Summarise topic', 'Refine draft', 'Critic', 'LLM']) expect(text).toContain(title);
    // The iteration's three rounds are inside it, not beside it.
    const iteration = steps.filter({ hasText: 'For each topic' }).first();
    expect(await iteration.locator('[part~="step"]').count()).toBe(3);
    // The disclosure sits above the answer text.
    const order = await widget.answers.last().evaluate((answer) => {
      const disclosure = answer.querySelector('[part~="steps"]');
      const markdown = answer.querySelector('.dw-md');
      return disclosure && markdown ? disclosure.compareDocumentPosition(markdown) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeGreaterThan(0);
  });

  it('an agent’s tool call shows its name, input and output, and the image it made loads inline from Dify’s file URL', async () => {
    const widget = await openApp(e2e.page, 'agent');
    await ask(widget, 'scenario: image-first');
    await settledAnswer(widget);
    const toggle = widget.host.locator('[part~="steps-toggle"]');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    const tool = widget.host.locator('[part~="step"]').first();
    expect(await tool.innerText()).toMatch(/dalle3\s*\(\{"dalle3":\{"prompt":"scenario: image-first"\}\}\) → .*image has been created/);
    const image = widget.host.locator('img[part~="tool-image"]');
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBe(8);
    expect(await image.getAttribute('src')).toContain('/files/');
  });

  it('after a reload, an agent’s answer read back from /messages shows its tool call again, collapsed, and its image', async () => {
    const widget = await openApp(e2e.page, 'agent');
    await ask(widget, 'scenario: image-first');
    await settledAnswer(widget);
    const toggle = widget.host.locator('[part~="steps-toggle"]');
    const live = await toggle.innerText();
    await e2e.page.reload();
    await widget.input.waitFor({ state: 'visible' });
    await toggle.waitFor({ state: 'visible' });
    expect([await toggle.innerText(), await toggle.getAttribute('aria-expanded')]).toEqual([live, 'false']);
    expect(e2e.stack.simulator.requests.some((request) => request.path === '/v1/messages')).toBe(true);
    await toggle.click();
    expect(await widget.host.locator('[part~="step"]').first().innerText()).toMatch(
      /dalle3\s*\(\{"dalle3":\{"prompt":"scenario: image-first"\}\}\) → .*image has been created/,
    );
    const image = widget.host.locator('img[part~="tool-image"]');
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBe(8);
  });

  it('passes axe with the disclosure and a source open', async () => {
    const widget = await openApp(e2e.page, 'knowledge');
    await ask(widget, 'Where do I start?');
    await settledAnswer(widget);
    await widget.host.locator('[part~="source-toggle"]').first().click();
    await expect.poll(() => widget.host.locator('[part~="follow-up"]').count()).toBeGreaterThan(0);
    const agent = await openApp(e2e.page, 'chatflow');
    await ask(agent, 'scenario: steps');
    await settledAnswer(agent);
    await agent.host.locator('[part~="steps-toggle"]').click();
    expect(seriousFindings(await runAxe(e2e.page, 'dify-widget'))).toEqual([]);
  });
});

describe('/site settings', () => {
  it('paints the app colour, shows its description under the title and its disclaimer, copyright and privacy link under the composer', async () => {
    const widget = await openApp(e2e.page, 'branded');
    await expect.poll(() => widget.host.locator('[part~="subtitle"]').innerText()).toBe(site.description);
    await widget.input.fill('hello');
    await expect.poll(() => widget.send.evaluate((button) => getComputedStyle(button).backgroundColor)).toBe('rgb(124, 58, 237)');
    const notes = widget.host.locator('[part~="site-notes"]');
    await expect.poll(() => notes.innerText()).toContain('Answers may be wrong. © Demo Company');
    const link = notes.locator('a');
    expect([await link.innerText(), await link.getAttribute('href'), await link.getAttribute('rel')]).toEqual([
      'Privacy policy',
      'https://example.com/privacy',
      'noopener noreferrer',
    ]);
    expect(seriousFindings(await runAxe(e2e.page, 'dify-widget'))).toEqual([]);
  });
});

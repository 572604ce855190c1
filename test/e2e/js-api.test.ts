import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage, widgetScriptTag } from './support/pages.ts';
import { chatMessagesAsking } from './support/simulator-calls.ts';
import { ask, sendFromHostPage, settledAnswer, watchConsole, widgetParts } from './support/widget.ts';

const e2e = useBrowserStack({
  stack: {
    apps: [
      { id: 'chat', mode: 'chat', default: true },
      { id: 'agent', mode: 'agent-chat' },
    ],
  },
});

const recordedEvents = (target: Page) =>
  target.evaluate(() => {
    const value: unknown = Reflect.get(window, '__events');
    return Array.isArray(value) ? value.map(String) : [];
  });

/** Which app key the simulator saw a chat message with, per query. */
const appKeyOfQuery = (query: string) => chatMessagesAsking(e2e.stack.simulator, query)[0]?.appKey;

describe('the JavaScript API', () => {
  it('runs calls queued before widget.js loaded (open, send) and fires ready/open/message/close through on() and as dify-widget:* events', async () => {
    // Plain host-page script, exactly what a site would paste above the embed.
    const queueSnippet = `<script>
      window.__events = [];
      window.DifyWidget = window.DifyWidget || { q: [] };
      ['ready', 'open', 'message', 'close'].forEach(function (name) {
        window.addEventListener('dify-widget:' + name, function (event) {
          window.__events.push('window:' + name + (event.detail.role ? ':' + event.detail.role : ''));
        });
        window.DifyWidget.q.push(['on', name, function (detail) {
          window.__events.push('on:' + name + (detail.role ? ':' + detail.role : ''));
          if (name === 'message' && detail.role === 'assistant') window.__lastAnswer = detail.text;
        }]);
      });
      window.DifyWidget.q.push(['open']);
      window.DifyWidget.q.push(['send', 'echo: Queued before the script loaded.']);
    </script>`;
    await e2e.page.goto(e2e.host.addPage('/', { html: hostPage({ head: queueSnippet }) }));
    const widget = widgetParts(e2e.page);

    await expect.poll(() => widget.panel.isVisible()).toBe(true);
    expect(await settledAnswer(widget)).toEqual({ status: 'ready', text: expect.stringContaining('Queued before the script loaded.') });
    await expect.poll(() => e2e.page.evaluate(() => Reflect.get(window, '__lastAnswer'))).toContain('Queued before the script loaded.');

    await e2e.page.evaluate(() => window.DifyWidget && 'version' in window.DifyWidget && window.DifyWidget.close());
    await expect.poll(() => widget.panel.isVisible()).toBe(false);
    const events = await recordedEvents(e2e.page);
    for (const via of ['on', 'window']) {
      for (const name of ['ready', 'open', 'message:user', 'message:assistant', 'close'])
        expect(events, `${via}:${name}`).toContain(`${via}:${name}`);
    }
    // ready comes before anything the queued calls caused.
    expect(events.indexOf('on:ready')).toBeLessThan(events.indexOf('on:message:assistant'));
  });

  it('unsubscribes with the function on() returns, and toggle/newConversation act on the widget', async () => {
    await e2e.page.goto(e2e.host.addPage('/', { html: hostPage() }));
    const widget = widgetParts(e2e.page);
    await e2e.page.evaluate(() => {
      const api = window.DifyWidget;
      if (!api || !('version' in api)) throw new Error('not loaded');
      const seen: string[] = [];
      Reflect.set(window, '__seen', seen);
      const off = api.on('message', (detail) => seen.push(`${detail.role}:${detail.text}`));
      Reflect.set(window, '__off', off);
      api.toggle();
    });
    await expect.poll(() => widget.panel.isVisible()).toBe(true);
    await sendFromHostPage(e2e.page, 'echo: first');
    await settledAnswer(widget);
    await e2e.page.evaluate(() => {
      const off: unknown = Reflect.get(window, '__off');
      if (typeof off === 'function') off();
    });
    await sendFromHostPage(e2e.page, 'echo: second');
    await expect.poll(() => widget.answers.count()).toBe(2);
    await settledAnswer(widget);
    expect(await e2e.page.evaluate(() => Reflect.get(window, '__seen'))).toEqual(['user:echo: first', 'assistant:first']);

    await e2e.page.evaluate(() => window.DifyWidget && 'version' in window.DifyWidget && window.DifyWidget.newConversation());
    await expect.poll(() => widget.answers.count()).toBe(0);
    await e2e.page.evaluate(() => window.DifyWidget && 'version' in window.DifyWidget && window.DifyWidget.toggle());
    await expect.poll(() => widget.panel.isVisible()).toBe(false);
  });
});

describe('two widgets on one page', () => {
  const twoWidgets = () =>
    hostPage({ widget: {}, afterWidget: widgetScriptTag({ data: { app: 'agent', position: 'left', title: 'Agent' } }) });

  it('work independently: each answers from its own app, and opening one does not open the other', async () => {
    await e2e.page.goto(e2e.host.addPage('/', { html: twoWidgets() }));
    const chat = widgetParts(e2e.page);
    const agent = widgetParts(e2e.page, 'agent');
    await chat.launcher.waitFor({ state: 'visible' });
    await agent.launcher.waitFor({ state: 'visible' });
    // The loader's painted bubble is swapped for the app's when the chat code loads at idle; during that
    // swap a box can briefly be null, so wait until both launchers are laid out before comparing.
    const launcherXs = async () => [(await agent.launcher.boundingBox())?.x, (await chat.launcher.boundingBox())?.x];
    await expect.poll(async () => (await launcherXs()).every((x) => x !== undefined)).toBe(true);
    const [agentX = Infinity, chatX = -Infinity] = await launcherXs();
    expect(agentX).toBeLessThan(chatX);

    await agent.launcher.click();
    await expect.poll(() => agent.panel.isVisible()).toBe(true);
    expect(await chat.panel.isVisible()).toBe(false);
    expect(await chat.launcher.getAttribute('aria-expanded')).toBe('false');
    await ask(agent, 'echo: asked the agent');
    expect((await settledAnswer(agent)).text).toContain('asked the agent');
    expect(await chat.answers.count()).toBe(0);

    await chat.launcher.click();
    await expect.poll(() => chat.panel.isVisible()).toBe(true);
    await ask(chat, 'echo: asked the chat app');
    expect((await settledAnswer(chat)).text).toContain('asked the chat app');
    expect(await agent.answers.count()).toBe(1);

    expect(appKeyOfQuery('echo: asked the agent')).toBe(e2e.stack.keys['agent']);
    expect(appKeyOfQuery('echo: asked the chat app')).toBe(e2e.stack.keys['chat']);
  });

  it('destroy() removes every trace: host elements, global listeners, styles, and window.DifyWidget', async () => {
    // Track listeners the page (and so the widget) adds on window, document, visualViewport and media queries.
    await e2e.page.addInitScript(() => {
      const active = new Map<string, number>();
      Reflect.set(window, '__activeListeners', active);
      const watched = (target: EventTarget) =>
        target === window || target === document || target === window.visualViewport || target instanceof MediaQueryList;
      const keyOf = (target: EventTarget, type: string) =>
        `${target === window ? 'window' : target === document ? 'document' : target instanceof MediaQueryList ? 'media' : 'visualViewport'}:${type}`;
      const add = EventTarget.prototype.addEventListener;
      const remove = EventTarget.prototype.removeEventListener;
      EventTarget.prototype.addEventListener = function (type, listener, options) {
        const once = typeof options === 'object' && options !== null && options.once === true;
        if (watched(this) && !once) active.set(keyOf(this, type), (active.get(keyOf(this, type)) ?? 0) + 1);
        return add.call(this, type, listener, options);
      };
      EventTarget.prototype.removeEventListener = function (type, listener, options) {
        if (watched(this)) active.set(keyOf(this, type), (active.get(keyOf(this, type)) ?? 0) - 1);
        return remove.call(this, type, listener, options);
      };
    });
    const console = watchConsole(e2e.page);
    const pageTraces = () =>
      e2e.page.evaluate(() => {
        const active = Reflect.get(window, '__activeListeners');
        const listeners =
          active instanceof Map ? [...active.entries()].filter(([, count]) => count > 0).map(([key]) => String(key)) : ['?'];
        return {
          hosts: document.querySelectorAll('dify-widget').length,
          listeners: listeners.sort(),
          adoptedStyleSheets: document.adoptedStyleSheets.length,
          styleElements: document.querySelectorAll('style, link[rel="stylesheet"]').length,
          htmlStyle: document.documentElement.getAttribute('style') ?? '',
          bodyStyle: document.body.getAttribute('style') ?? '',
          hasGlobal: 'DifyWidget' in window,
          hasRegistry: Object.getOwnPropertySymbols(window).length,
        };
      });
    // The same page without the widget is the baseline a destroyed widget must return to.
    await e2e.page.goto(e2e.host.addPage('/baseline', { html: hostPage({ widget: null }) }));
    const before = await pageTraces();
    await e2e.page.goto(e2e.host.addPage('/', { html: twoWidgets() }));
    const chat = widgetParts(e2e.page);
    const agent = widgetParts(e2e.page, 'agent');
    // Use both fully first, so every listener the chat adds exists.
    await chat.launcher.click();
    await ask(chat, 'echo: before destroy');
    await settledAnswer(chat);
    await agent.launcher.click();
    await expect.poll(() => agent.panel.isVisible()).toBe(true);
    await expect.poll(async () => (await pageTraces()).listeners.length).toBeGreaterThan(before.listeners.length);

    await e2e.page.evaluate(() => {
      const api = window.DifyWidget;
      if (!api || !('version' in api)) throw new Error('not loaded');
      api.get('agent')?.destroy();
    });
    expect(await agent.host.count()).toBe(0);
    expect(await chat.host.count()).toBe(1);
    expect(
      await e2e.page.evaluate(() => window.DifyWidget && 'version' in window.DifyWidget && Object.keys(window.DifyWidget.instances)),
    ).toEqual(['default']);

    await e2e.page.evaluate(() => window.DifyWidget && 'version' in window.DifyWidget && window.DifyWidget.destroy());
    const after = await pageTraces();
    expect(after).toEqual(before);

    // Nothing left reacts: keys, resizes and clicks where the launcher was fire no widget events.
    await e2e.page.evaluate(() => {
      Reflect.set(window, '__lateEvents', 0);
      for (const name of ['ready', 'open', 'close', 'message', 'error']) {
        window.addEventListener(`dify-widget:${name}`, () =>
          Reflect.set(window, '__lateEvents', Number(Reflect.get(window, '__lateEvents')) + 1),
        );
      }
    });
    await e2e.page.keyboard.press('Escape');
    await e2e.page.setViewportSize({ width: 500, height: 600 });
    await e2e.page.mouse.click(470, 570);
    expect(await e2e.page.evaluate(() => Reflect.get(window, '__lateEvents'))).toBe(0);
    expect(console.errors).toEqual([]);
  });
});

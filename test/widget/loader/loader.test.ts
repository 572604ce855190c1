import { waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeProxy, json } from '../fixtures/fake-proxy.ts';
import { addScriptTag, shadowOf, startLoader, widgetGlobal } from '../fixtures/start-loader.ts';

beforeEach(() => {
  localStorage.clear();
});

afterEach(() => {
  const installed: unknown = Reflect.get(window, 'DifyWidget');
  if (typeof installed === 'object' && installed !== null && 'destroy' in installed && typeof installed.destroy === 'function')
    installed.destroy();
  Reflect.deleteProperty(window, 'DifyWidget');
  Reflect.deleteProperty(window, 'difyWidgetConfig');
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('widget.js loader', () => {
  it('paints a real button in an open shadow root without loading the chat', async () => {
    const { handle, loadApp } = await startLoader(addScriptTag());
    const root = shadowOf(handle);
    const button = within(root.querySelector('.dw-root') as HTMLElement).getByRole('button', { name: 'Open chat' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(root.adoptedStyleSheets.length).toBe(1);
    expect(loadApp).not.toHaveBeenCalled();
    expect(document.head.querySelector('style, link')).toBeNull();
  });

  it('loads the chat from the proxy that served widget.js when the bubble is clicked, then opens it', async () => {
    const { handle, loadApp } = await startLoader(addScriptTag({}, 'https://chat.example.test/embed/widget.js?v=3'));
    const root = shadowOf(handle);
    root.querySelector<HTMLButtonElement>('.dw-launcher')?.click();
    expect(loadApp).toHaveBeenCalledWith('https://chat.example.test/embed/');
    await waitFor(() => expect(root.querySelector('[role="dialog"]')).not.toBeNull());
  });

  it('loads the chat when the page is idle', async () => {
    const { loadApp } = await startLoader(addScriptTag(), createFakeProxy(), { idleTimeout: 5 });
    await waitFor(() => expect(loadApp).toHaveBeenCalledTimes(1));
  });

  it('talks to the proxy of its own script, at /apps/<app>/v1 for a named app', async () => {
    const proxy = createFakeProxy({ base: 'https://chat.example.test/' });
    proxy.route(
      'GET',
      '/apps/agent/v1/info',
      () => new Response(JSON.stringify({ name: 'Agent', mode: 'agent-chat' }), { headers: { 'Content-Type': 'application/json' } }),
    );
    const { handle } = await startLoader(addScriptTag({ app: 'agent' }, 'https://chat.example.test/widget.js'), proxy);
    handle?.open();
    await waitFor(() => expect(proxy.requestsTo('GET', '/apps/agent/v1/info')).toHaveLength(1));
  });

  it('runs calls queued before it loaded, in order, including listeners', async () => {
    const ready = vi.fn();
    const opened = vi.fn();
    Reflect.set(window, 'DifyWidget', { q: [['on', 'ready', ready], ['on', 'open', opened], ['open']] });
    const { handle, loadApp } = await startLoader(addScriptTag());
    expect(loadApp).toHaveBeenCalled();
    await waitFor(() => expect(opened).toHaveBeenCalledTimes(1));
    expect(ready).toHaveBeenCalledWith({ app: null, mode: 'bubble' });
    expect(shadowOf(handle).querySelector('[role="dialog"]')).not.toBeNull();
  });

  it('keeps the queue working after load: a push runs at once', async () => {
    await startLoader(addScriptTag());
    const opened = vi.fn();
    widgetGlobal().q.push(['on', 'open', opened], ['open']);
    await waitFor(() => expect(opened).toHaveBeenCalled());
  });

  it('names the valid calls when a queued call is wrong, and keeps going', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const opened = vi.fn();
    Reflect.set(window, 'DifyWidget', { q: [['fly'], ['send', 42], 'open', ['on', 'open', opened], ['open']] });
    await startLoader(addScriptTag());
    await waitFor(() => expect(opened).toHaveBeenCalled());
    const logged = errors.mock.calls.map((call) => String(call[0]));
    expect(logged).toContain(
      '[dify-widget] Unknown queued call "fly"; use one of open, close, toggle, send, newConversation, identify, logout, setInputs, on, destroy.',
    );
    expect(logged).toContain('[dify-widget] Queue it as ["send", "your message"].');
  });

  it('dispatches every event as a dify-widget:<event> CustomEvent on window with the app', async () => {
    const seen: unknown[] = [];
    const listener = (event: Event) => seen.push(event instanceof CustomEvent ? event.detail : undefined);
    window.addEventListener('dify-widget:open', listener);
    const { handle } = await startLoader(addScriptTag({ app: 'support' }));
    handle?.open();
    await waitFor(() => expect(seen).toEqual([{ app: 'support', instance: 'support' }]));
    window.removeEventListener('dify-widget:open', listener);
  });

  it('logs a bad option once and still starts with the default', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { handle } = await startLoader(addScriptTag({ position: 'middle' }));
    expect(errors).toHaveBeenCalledWith(
      '[dify-widget] data-position="middle" is not valid: write data-position="right" or data-position="left".',
    );
    expect(shadowOf(handle).querySelector('.dw-root')?.getAttribute('data-position')).toBe('right');
  });

  it('says so and recovers when the chat chunk cannot be loaded', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failed = vi.fn();
    const { handle, loadApp } = await startLoader(addScriptTag(), createFakeProxy(), { failFirstLoad: true });
    handle?.on('error', failed);
    handle?.open();
    await waitFor(() => expect(failed).toHaveBeenCalledWith(expect.objectContaining({ code: 'widget_load_failed' })));
    expect(String(errors.mock.calls[0]?.[0])).toContain('Content-Security-Policy allows script-src https://proxy.test');
    handle?.open();
    await waitFor(() => expect(shadowOf(handle).querySelector('[role="dialog"]')).not.toBeNull());
    expect(loadApp).toHaveBeenCalledTimes(2);
  });
});

describe('promises from calls made before the chat has loaded', () => {
  it('identify() resolves once the visitor is identified, not when the call is queued', async () => {
    const proxy = createFakeProxy();
    let answerSession!: () => void;
    const sessionHeld = new Promise<void>((resolve) => (answerSession = resolve));
    proxy.route('POST', '/session', async () => {
      await sessionHeld;
      return json({ token: 'token-alice', user: 'user-alice', expires_at: Math.floor(Date.now() / 1000) + 3600 });
    });
    const { handle, loadApp } = await startLoader(addScriptTag(), proxy);
    expect(loadApp).not.toHaveBeenCalled();
    let identified = false;
    const identifying = handle?.identify('header.payload.signature').then(() => void (identified = true));
    await waitFor(() => expect(proxy.requestsTo('POST', '/session')).toHaveLength(1));
    expect(proxy.requestsTo('POST', '/session')[0]?.body).toEqual({ identity: 'header.payload.signature' });
    expect(identified).toBe(false);
    answerSession();
    await identifying;
    expect(identified).toBe(true);
  });

  it('identify() rejects when the proxy refuses the identity, instead of failing unseen', async () => {
    const proxy = createFakeProxy();
    proxy.route('POST', '/session', () =>
      json({ code: 'invalid_identity', message: 'The identity token’s signature is not valid.', status: 401 }, 401),
    );
    const { handle } = await startLoader(addScriptTag(), proxy);
    await expect(handle?.identify('header.payload.signature')).rejects.toMatchObject({ problem: { code: 'invalid_identity' } });
  });
});

describe('several widgets on one page', () => {
  it('gives each script tag its own instance, host element and handle', async () => {
    const first = await startLoader(addScriptTag());
    const second = await startLoader(addScriptTag({ app: 'agent', position: 'left' }));
    const api = widgetGlobal();
    expect(Object.keys(api.instances)).toEqual(['default', 'agent']);
    expect(api.get()).toBe(first.handle);
    expect(api.get('agent')).toBe(second.handle);
    expect(document.querySelectorAll('dify-widget')).toHaveLength(2);
    api.get('agent')?.open();
    await waitFor(() => expect(shadowOf(second.handle).querySelector('[role="dialog"]')).not.toBeNull());
    expect(shadowOf(first.handle).querySelector('[role="dialog"]')).toBeNull();
  });

  it('routes { app, call } queue entries to that app, even before its script has run', async () => {
    const agentOpened = vi.fn();
    Reflect.set(window, 'DifyWidget', {
      q: [
        { app: 'agent', call: ['on', 'open', agentOpened] },
        { app: 'agent', call: ['open'] },
      ],
    });
    await startLoader(addScriptTag());
    expect(agentOpened).not.toHaveBeenCalled();
    await startLoader(addScriptTag({ app: 'agent' }));
    await waitFor(() => expect(agentOpened).toHaveBeenCalledTimes(1));
  });

  it('numbers a second tag for the same app', async () => {
    await startLoader(addScriptTag());
    await startLoader(addScriptTag({ mode: 'bubble', position: 'left' }));
    expect(Object.keys(widgetGlobal().instances)).toEqual(['default', 'default-2']);
  });

  it('destroy() removes one widget; the last one takes DifyWidget with it and leaves no trace', async () => {
    const first = await startLoader(addScriptTag());
    const second = await startLoader(addScriptTag({ app: 'agent' }));
    first.handle?.open();
    await waitFor(() => expect(shadowOf(first.handle).querySelector('[role="dialog"]')).not.toBeNull());
    first.handle?.destroy();
    expect(document.querySelectorAll('dify-widget')).toHaveLength(1);
    expect(widgetGlobal().get()).toBe(second.handle);
    second.handle?.destroy();
    expect(document.querySelector('dify-widget')).toBeNull();
    expect(Reflect.get(window, 'DifyWidget')).toBeUndefined();
    expect(Object.getOwnPropertySymbols(window).some((symbol) => symbol.description === 'dify-widget.registry')).toBe(false);
    expect(document.documentElement.style.overflow).toBe('');
  });
});

describe('inline mode', () => {
  it('renders into the target element as a labelled region with no bubble', async () => {
    const target = document.createElement('div');
    target.id = 'chat';
    document.body.append(target);
    const { handle } = await startLoader(addScriptTag({ mode: 'inline', target: '#chat' }));
    const root = shadowOf(handle);
    expect(root.host.parentElement).toBe(target);
    await waitFor(() => expect(root.querySelector('[role="region"]')?.getAttribute('aria-labelledby')).toBe('dw-title'));
    expect(root.querySelector('.dw-launcher')).toBeNull();
    expect(root.querySelector('[role="dialog"]')).toBeNull();
  });

  it('names a target that matches nothing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { handle } = await startLoader(addScriptTag({ mode: 'inline', target: '#missing' }));
    expect(handle).toBeUndefined();
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('data-target="#missing" matches no element'));
  });
});

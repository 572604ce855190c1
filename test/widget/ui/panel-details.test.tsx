import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { storageKey } from '../../../widget/core/persisted-state.ts';
import { createFakeProxy, json } from '../fixtures/fake-proxy.ts';
import { mountWidget, type MountedWidget } from '../fixtures/mount-widget.ts';

let mounted: MountedWidget | undefined;

beforeEach(() => localStorage.clear());

afterEach(() => {
  mounted?.controller.destroy();
  mounted?.host.remove();
  mounted = undefined;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function setup(...args: Parameters<typeof mountWidget>) {
  mounted = mountWidget(...args);
  return { ...mounted, ui: within(mounted.view) };
}

function fakeMatchMedia(matching: string[]) {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: matching.includes(query),
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }));
}

const history = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => ({
    id: `m${from + index}`,
    conversation_id: 'c',
    query: `Question ${from + index}`,
    answer: `Answer ${from + index}`,
    status: 'normal',
    feedback: null,
  }));

describe('phones', () => {
  it('sizes the open panel to the visual viewport and stops the page scrolling until it closes', async () => {
    fakeMatchMedia(['(max-width: 639.98px)', '(pointer: coarse)']);
    const viewport = Object.assign(new EventTarget(), { height: 420, offsetTop: 12 });
    vi.stubGlobal('visualViewport', viewport);
    document.documentElement.style.overflow = 'scroll';
    const widget = setup();
    widget.controller.open();
    const dialog = await widget.ui.findByRole('dialog');
    await waitFor(() => expect(dialog.style.getPropertyValue('--dw-viewport-height')).toBe('420px'));
    expect(dialog.style.getPropertyValue('--dw-viewport-top')).toBe('12px');
    expect(document.documentElement.style.overflow).toBe('hidden');
    viewport.height = 300;
    viewport.dispatchEvent(new Event('resize'));
    expect(dialog.style.getPropertyValue('--dw-viewport-height')).toBe('300px');
    widget.controller.close();
    await waitFor(() => expect(document.documentElement.style.overflow).toBe('scroll'));
    document.documentElement.style.overflow = '';
  });

  it('gives the page its scrolling back only when the last of two open widgets closes, in any order', async () => {
    fakeMatchMedia(['(max-width: 639.98px)']);
    document.documentElement.style.overflow = 'scroll';
    const first = setup();
    const second = mountWidget({ proxy: first.proxy });
    try {
      first.controller.open();
      await within(first.view).findByRole('dialog');
      second.controller.open();
      await within(second.view).findByRole('dialog');
      first.controller.close();
      await waitFor(() => expect(within(first.view).queryByRole('dialog')).toBeNull());
      expect(document.documentElement.style.overflow).toBe('hidden');
      second.controller.close();
      await waitFor(() => expect(within(second.view).queryByRole('dialog')).toBeNull());
      expect(document.documentElement.style.overflow).toBe('scroll');
    } finally {
      second.controller.destroy();
      second.host.remove();
      document.documentElement.style.overflow = '';
    }
  });

  it('does not focus the message box on touch screens, so the keyboard does not cover the chat', async () => {
    fakeMatchMedia(['(pointer: coarse)']);
    const widget = setup();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Open chat' }));
    const dialog = await widget.ui.findByRole('dialog');
    await widget.ui.findByRole('textbox', { name: 'Message' });
    await waitFor(() => expect(widget.root.activeElement).toBe(dialog));
  });

  it('leaves the page alone on wide screens', async () => {
    fakeMatchMedia([]);
    const widget = setup();
    widget.controller.open();
    await widget.ui.findByRole('dialog');
    expect(document.documentElement.style.overflow).toBe('');
  });
});

describe('panel details', () => {
  it('does not take focus when it opens by itself (the open option)', async () => {
    const pageInput = document.createElement('input');
    document.body.append(pageInput);
    pageInput.focus();
    const widget = setup({ config: { open: true } });
    await widget.ui.findByRole('textbox', { name: 'Message' });
    expect(document.activeElement).toBe(pageInput);
    pageInput.remove();
  });

  it('pages back through older messages with "Show earlier messages"', async () => {
    const proxy = createFakeProxy();
    proxy.route('GET', '/v1/messages', (request) =>
      json(request.query.get('first_id') === 'm3' ? { has_more: false, data: history(1, 2) } : { has_more: true, data: history(3, 4) }),
    );
    proxy.acceptToken('token-a', 'anon-a');
    localStorage.setItem(
      storageKey(proxy.base, undefined),
      JSON.stringify({
        session: { token: 'token-a', user: 'anon-a', expiresAt: Date.now() / 1000 + 3600 },
        conversation: { id: 'c', user: 'anon-a' },
      }),
    );
    const widget = setup({ proxy });
    widget.controller.open();
    expect(await widget.ui.findByText('Question 3')).toBeTruthy();
    expect(widget.ui.queryByText('Hi! Ask me anything.')).toBeNull();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Show earlier messages' }));
    expect(await widget.ui.findByText('Question 1')).toBeTruthy();
    await waitFor(() => expect(widget.ui.queryByRole('button', { name: 'Show earlier messages' })).toBeNull());
    expect(widget.ui.getByText('Hi! Ask me anything.')).toBeTruthy();
  });

  it('says when the stored conversation could not be loaded, and loads it on Retry', async () => {
    const proxy = createFakeProxy();
    let failures = 1;
    proxy.route('GET', '/v1/messages', () =>
      failures-- > 0
        ? json({ code: 'internal_server_error', message: 'boom', status: 500 }, 500)
        : json({ has_more: false, data: history(1, 1) }),
    );
    proxy.acceptToken('token-a', 'anon-a');
    localStorage.setItem(
      storageKey(proxy.base, undefined),
      JSON.stringify({
        session: { token: 'token-a', user: 'anon-a', expiresAt: Date.now() / 1000 + 3600 },
        conversation: { id: 'c', user: 'anon-a' },
      }),
    );
    const widget = setup({ proxy });
    widget.controller.open();
    expect(
      await widget.ui.findByText('Couldn’t load the earlier messages. The chat service is having problems. Try again in a little while.'),
    ).toBeTruthy();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Retry' }));
    expect(await widget.ui.findByText('Question 1')).toBeTruthy();
    expect(widget.ui.queryByText(/Couldn’t load the earlier messages/)).toBeNull();
  });

  it('renews an expired session before sending and keeps the visible conversation', async () => {
    const proxy = createFakeProxy();
    proxy.route('GET', '/v1/messages', () => json({ has_more: false, data: history(1, 1) }));
    proxy.acceptToken('token-a', 'anon-a');
    const key = storageKey(proxy.base, undefined);
    localStorage.setItem(
      key,
      JSON.stringify({
        session: { token: 'token-a', user: 'anon-a', expiresAt: Date.now() / 1000 + 3600 },
        conversation: { id: 'c', user: 'anon-a' },
      }),
    );
    const widget = setup({ proxy });
    widget.controller.open();
    await widget.ui.findByText('Question 1');
    const stored = JSON.parse(localStorage.getItem(key) ?? '{}');
    localStorage.setItem(key, JSON.stringify({ ...stored, session: { ...stored.session, expiresAt: 1 } }));
    const streamOpened = proxy.nextStream();
    widget.controller.send('Still there?');
    (await streamOpened).end();
    expect(proxy.requestsTo('POST', '/session').at(-1)?.authorization).toBe('Bearer token-a');
    expect(proxy.requestsTo('POST', '/v1/chat-messages')[0]).toMatchObject({
      authorization: 'Bearer token-1',
      body: { conversation_id: 'c' },
    });
    expect(widget.ui.getByText('Question 1')).toBeTruthy();
  });

  it('rates an answer with the like button and reports it', async () => {
    const proxy = createFakeProxy();
    proxy.route('POST', '/v1/messages/:id/feedbacks', () => json({ result: 'success' }));
    const widget = setup({ proxy });
    widget.controller.open();
    const streamOpened = proxy.nextStream();
    widget.controller.send('Hi');
    (await streamOpened).end();
    const like = await widget.ui.findByRole('button', { name: 'Helpful' });
    fireEvent.click(like);
    await waitFor(() => expect(like.getAttribute('aria-pressed')).toBe('true'));
    await waitFor(() => expect(widget.events.at(-1)).toMatchObject({ name: 'feedback', detail: { rating: 'like' } }));
  });

  it('says the chat could not load, and loads it on Retry', async () => {
    const proxy = createFakeProxy();
    let failures = 1;
    proxy.route('GET', '/v1/parameters', () =>
      failures-- > 0
        ? json({ code: 'internal_server_error', message: 'boom', status: 500 }, 500)
        : json({ opening_statement: 'Back online.' }),
    );
    const widget = setup({ proxy });
    widget.controller.open();
    expect(await widget.ui.findByText(/Couldn’t load the chat\. The chat service is having problems/)).toBeTruthy();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Retry' }));
    expect(await widget.ui.findByText('Back online.')).toBeTruthy();
  });

  it('applies the primary-color option through a custom property, never a style string', async () => {
    const widget = setup({ config: { primaryColor: 'rebeccapurple' } });
    const root = widget.view.querySelector<HTMLElement>('.dw-root');
    expect(root?.style.getPropertyValue('--dw-option-primary')).toBe('rebeccapurple');
    expect(widget.root.adoptedStyleSheets).toHaveLength(1);
    expect(widget.root.querySelector('style')).toBeNull();
  });

  it('destroy removes the UI, stops the stream and leaves nothing in the shadow root', async () => {
    const widget = setup();
    widget.controller.open();
    const streamOpened = widget.proxy.nextStream();
    widget.controller.send('Hi');
    const stream = await streamOpened;
    widget.controller.destroy();
    expect(stream.aborted).toBe(true);
    expect(widget.root.children).toHaveLength(0);
  });
});

describe('app modes', () => {
  it('shows a workflow app as its run form, not as a chat', async () => {
    const widget = setup({ proxy: createFakeProxy({ mode: 'workflow' }) });
    widget.controller.open();
    expect(await widget.ui.findByRole('button', { name: 'Run' })).toBeTruthy();
    expect(widget.ui.queryByRole('textbox', { name: 'Message' })).toBeNull();
    expect(widget.ui.queryByRole('button', { name: 'Conversations' })).toBeNull();
  });

  it('shows the chat for agent and chatflow apps', async () => {
    for (const mode of ['agent-chat', 'advanced-chat']) {
      const widget = setup({ proxy: createFakeProxy({ mode }) });
      widget.controller.open();
      expect(await widget.ui.findByRole('textbox', { name: 'Message' })).toBeTruthy();
      widget.controller.destroy();
      widget.host.remove();
      mounted = undefined;
    }
  });
});

import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeProxy, json } from '../fixtures/fake-proxy.ts';
import { mountWidget, type MountedWidget } from '../fixtures/mount-widget.ts';

let mounted: MountedWidget | undefined;

beforeEach(() => {
  localStorage.clear();
});

afterEach(() => {
  mounted?.controller.destroy();
  mounted?.host.remove();
  mounted = undefined;
  vi.unstubAllGlobals();
});

function setup(...args: Parameters<typeof mountWidget>) {
  mounted = mountWidget(...args);
  return { ...mounted, ui: within(mounted.view) };
}

async function openPanel(widget: ReturnType<typeof setup>) {
  fireEvent.click(widget.ui.getByRole('button', { name: 'Open chat' }));
  return widget.ui.findByRole('dialog', { name: 'Test bot' });
}

async function typeAndSend(widget: ReturnType<typeof setup>, text: string) {
  const input = await widget.ui.findByRole('textbox', { name: 'Message' });
  fireEvent.input(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: 'Enter' });
}

describe('launcher and panel', () => {
  it('is a labelled button that reports whether the chat is expanded', async () => {
    const widget = setup();
    const launcher = widget.ui.getByRole('button', { name: 'Open chat' });
    expect(launcher.tagName).toBe('BUTTON');
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(launcher.getAttribute('aria-haspopup')).toBe('dialog');
    expect(widget.ui.queryByRole('dialog')).toBeNull();
    await openPanel(widget);
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
  });

  it('opens a dialog labelled with the app title from /site, moves focus in, and emits open', async () => {
    const widget = setup();
    const dialog = await openPanel(widget);
    expect(dialog.getAttribute('aria-labelledby')).toBe('dw-title');
    const input = await widget.ui.findByRole('textbox', { name: 'Message' });
    await waitFor(() => expect(widget.root.activeElement).toBe(input));
    expect(widget.events.map((event) => event.name)).toContain('open');
  });

  it('closes on Escape and gives focus back to the launcher', async () => {
    const widget = setup();
    await openPanel(widget);
    const input = await widget.ui.findByRole('textbox', { name: 'Message' });
    input.focus();
    fireEvent.keyDown(input, { key: 'Escape' });
    await waitFor(() => expect(widget.ui.queryByRole('dialog')).toBeNull());
    expect(widget.root.activeElement).toBe(widget.ui.getByRole('button', { name: 'Open chat' }));
    expect(widget.events.at(-1)?.name).toBe('close');
  });

  it('leaves Escape to the input method while a Chinese or Japanese candidate is being composed', async () => {
    const widget = setup();
    await openPanel(widget);
    const input = await widget.ui.findByRole('textbox', { name: 'Message' });
    input.focus();
    fireEvent.keyDown(input, { key: 'Escape', isComposing: true });
    expect(widget.ui.getByRole('dialog')).toBeTruthy();
    fireEvent.keyDown(input, { key: 'Escape' });
    await waitFor(() => expect(widget.ui.queryByRole('dialog')).toBeNull());
  });

  it('closes with its Close button and returns focus to the page element that opened it', async () => {
    const widget = setup();
    const pageButton = document.createElement('button');
    document.body.append(pageButton);
    pageButton.focus();
    widget.controller.open();
    await widget.ui.findByRole('dialog');
    const close = await widget.ui.findByRole('button', { name: 'Close chat' });
    close.focus();
    fireEvent.click(close);
    await waitFor(() => expect(widget.ui.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(pageButton);
    pageButton.remove();
  });

  it('does not take focus from the page when closed through the API', async () => {
    const widget = setup();
    widget.controller.open();
    await widget.ui.findByRole('dialog');
    const pageInput = document.createElement('input');
    document.body.append(pageInput);
    pageInput.focus();
    widget.controller.close();
    expect(document.activeElement).toBe(pageInput);
    pageInput.remove();
  });

  it('uses the title option over the app title', async () => {
    const widget = setup({ config: { title: 'Support' } });
    fireEvent.click(widget.ui.getByRole('button', { name: 'Chat with Support' }));
    expect(await widget.ui.findByRole('dialog', { name: 'Support' })).toBeTruthy();
  });
});

describe('conversation', () => {
  it('shows the opening statement and suggested questions, and a suggestion is sent when clicked', async () => {
    const widget = setup();
    await openPanel(widget);
    expect(await widget.ui.findByText('Hi! Ask me anything.')).toBeTruthy();
    const streamOpened = widget.proxy.nextStream();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Tell me a joke' }));
    await streamOpened;
    expect(widget.proxy.requestsTo('POST', '/v1/chat-messages')[0]?.body?.query).toBe('Tell me a joke');
    await waitFor(() => expect(widget.ui.queryByRole('button', { name: 'Tell me a joke' })).toBeNull());
  });

  it('streams the answer in, offers Stop while streaming, and Send again afterwards', async () => {
    const widget = setup();
    await openPanel(widget);
    const streamOpened = widget.proxy.nextStream();
    await typeAndSend(widget, 'Hello there');
    const stream = await streamOpened;
    expect(widget.ui.getByText('Hello there')).toBeTruthy();
    expect(await widget.ui.findByText('Thinking…')).toBeTruthy();
    expect(widget.ui.getByRole('button', { name: 'Stop' })).toBeTruthy();
    stream.delta('General ');
    expect(await widget.ui.findByText(/General/)).toBeTruthy();
    stream.delta('Kenobi!');
    stream.end();
    expect(await widget.ui.findByText(/General Kenobi!/)).toBeTruthy();
    await waitFor(() => expect(widget.ui.queryByRole('button', { name: 'Stop' })).toBeNull());
    expect(widget.ui.getByRole('button', { name: 'Send' })).toBeTruthy();
    expect((widget.ui.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value).toBe('');
  });

  it('keeps an unsent draft when the panel is closed and opened again', async () => {
    const widget = setup();
    await openPanel(widget);
    fireEvent.input(await widget.ui.findByRole('textbox', { name: 'Message' }), { target: { value: 'Half a thought' } });
    fireEvent.click(widget.ui.getByRole('button', { name: 'Close chat' }));
    await waitFor(() => expect(widget.ui.queryByRole('dialog')).toBeNull());
    await openPanel(widget);
    expect((await widget.ui.findByRole<HTMLTextAreaElement>('textbox', { name: 'Message' })).value).toBe('Half a thought');
  });

  it('keeps Shift+Enter as a new line instead of sending', async () => {
    const widget = setup();
    await openPanel(widget);
    const input = await widget.ui.findByRole('textbox', { name: 'Message' });
    fireEvent.input(input, { target: { value: 'line one' } });
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(widget.proxy.requestsTo('POST', '/v1/chat-messages')).toHaveLength(0);
  });

  it('Stop aborts the request and marks the partial answer as stopped', async () => {
    const widget = setup();
    await openPanel(widget);
    const streamOpened = widget.proxy.nextStream();
    await typeAndSend(widget, 'Tell me a story');
    const stream = await streamOpened;
    stream.delta('Once upon a time');
    await widget.ui.findByText(/Once upon a time/);
    fireEvent.click(widget.ui.getByRole('button', { name: 'Stop' }));
    expect(await widget.ui.findByText('Stopped.')).toBeTruthy();
    expect(stream.aborted).toBe(true);
    expect(widget.ui.getByText(/Once upon a time/)).toBeTruthy();
  });

  it('explains an error in plain words, keeps the partial answer and retries on request', async () => {
    const widget = setup();
    await openPanel(widget);
    let streamOpened = widget.proxy.nextStream();
    await typeAndSend(widget, 'Question');
    const failing = await streamOpened;
    failing.delta('Partial answer');
    failing.close();
    expect(await widget.ui.findByText('The connection dropped before the answer finished.')).toBeTruthy();
    expect(widget.ui.getByText(/Partial answer/)).toBeTruthy();
    streamOpened = widget.proxy.nextStream();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Retry' }));
    const second = await streamOpened;
    second.delta('Complete answer');
    second.end();
    expect(await widget.ui.findByText(/Complete answer/)).toBeTruthy();
    expect(widget.ui.queryByText(/Partial answer/)).toBeNull();
    expect(widget.ui.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('says when to try again after a rate limit', async () => {
    const proxy = createFakeProxy();
    proxy.route('POST', '/v1/chat-messages', () =>
      json({ code: 'too_many_requests', message: 'Too many requests.', status: 429 }, 429, { 'Retry-After': '30' }),
    );
    const widget = setup({ proxy });
    await openPanel(widget);
    await typeAndSend(widget, 'Hi');
    expect(await widget.ui.findByText('Too many messages right now. Try again in 30 seconds.')).toBeTruthy();
    expect(widget.events.find((event) => event.name === 'error')?.detail).toMatchObject({ kind: 'rate-limited', status: 429 });
  });

  it('announces each finished answer once in a polite live region, not while it streams', async () => {
    const widget = setup();
    await openPanel(widget);
    const status = widget.view.querySelector('[part="announcer"]');
    expect(status?.getAttribute('aria-live')).toBe('polite');
    const streamOpened = widget.proxy.nextStream();
    await typeAndSend(widget, 'Hi');
    const stream = await streamOpened;
    stream.delta('Hello');
    await widget.ui.findByText(/Hello/);
    expect(status?.textContent).toBe('');
    stream.delta(' world');
    stream.end();
    await waitFor(() => expect(status?.textContent).toBe('Answer: Hello world'));
  });

  it('New conversation clears the messages and shows the suggestions again', async () => {
    const widget = setup();
    await openPanel(widget);
    const streamOpened = widget.proxy.nextStream();
    await typeAndSend(widget, 'First question');
    (await streamOpened).end();
    await waitFor(() => expect(widget.ui.queryByRole('button', { name: 'What can you do?' })).toBeNull());
    fireEvent.click(widget.ui.getByRole('button', { name: 'New conversation' }));
    expect(await widget.ui.findByRole('button', { name: 'What can you do?' })).toBeTruthy();
    expect(widget.ui.queryByText('First question')).toBeNull();
  });

  it('shows the conversation again after a reload', async () => {
    const proxy = createFakeProxy();
    proxy.route('GET', '/v1/messages', () =>
      json({
        limit: 20,
        has_more: false,
        data: [{ id: 'm1', conversation_id: 'c-1', query: 'Earlier question', answer: 'Earlier answer', status: 'normal', feedback: null }],
      }),
    );
    const first = setup({ proxy });
    await openPanel(first);
    const streamOpened = proxy.nextStream();
    await typeAndSend(first, 'Hi');
    (await streamOpened).end();
    first.controller.destroy();
    first.host.remove();
    const reloaded = setup({ proxy });
    await openPanel(reloaded);
    expect(await reloaded.ui.findByText('Earlier question')).toBeTruthy();
    expect(reloaded.ui.getByText(/Earlier answer/)).toBeTruthy();
  });

  it('asks for required app inputs before the first message and focuses the missing one', async () => {
    const proxy = createFakeProxy({
      parameters: {
        opening_statement: '',
        suggested_questions: [],
        user_input_form: [{ 'text-input': { variable: 'name', label: 'Your name', required: true } }],
      },
    });
    const widget = setup({ proxy });
    await openPanel(widget);
    const nameField = await widget.ui.findByRole('textbox', { name: 'Your name' });
    await typeAndSend(widget, 'Hi');
    expect(await widget.ui.findByText('Fill in this field.')).toBeTruthy();
    await waitFor(() => expect(widget.root.activeElement).toBe(nameField));
    expect(proxy.requestsTo('POST', '/v1/chat-messages')).toHaveLength(0);
    fireEvent.input(nameField, { target: { value: 'Ada' } });
    const streamOpened = proxy.nextStream();
    await typeAndSend(widget, 'Hi');
    (await streamOpened).end();
    expect(proxy.requestsTo('POST', '/v1/chat-messages')[0]?.body?.inputs).toEqual({ name: 'Ada' });
  });
});

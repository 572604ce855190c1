import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conversationId, createFakeProxy, json, messageId } from '../fixtures/fake-proxy.ts';
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

/** Opens the chat, asks `question` and lets the answer stream `answer` to its end. */
async function answered(widget: ReturnType<typeof setup>, question: string, answer: string) {
  const streamOpened = widget.proxy.nextStream();
  widget.controller.send(question);
  const stream = await streamOpened;
  stream.delta(answer);
  stream.end();
  await waitFor(() => {
    const last = [...widget.view.querySelectorAll('[part~="assistant-message"]')].at(-1);
    if (last?.getAttribute('data-status') !== 'ready') throw new Error('the answer has not finished');
  });
}

/** A 2D context whose pixels are the same for every text: the device has no font for any emoji. */
function canvasWithoutEmoji() {
  const context = {
    font: '',
    fillStyle: '',
    clearRect: () => undefined,
    fillText: () => undefined,
    getImageData: () => ({ data: [0, 0, 0, 0] }),
  };
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => context as unknown as CanvasRenderingContext2D);
}

describe('answer actions, outside the bubble', () => {
  it('puts copy, regenerate, like and dislike under the answer, not inside it', async () => {
    const widget = setup();
    widget.controller.open();
    await answered(widget, 'Hi', 'Short.');
    const actions = await waitFor(() => {
      const row = widget.view.querySelector('[part~="answer-actions"]');
      if (!row?.querySelector('[part~="feedback-like"]')) throw new Error('no actions yet');
      return row;
    });
    expect(actions.closest('[part~="assistant-message"]')).toBeNull();
    expect(widget.view.querySelector('[part~="assistant-message"] button')).toBeNull();
    const names = within(actions as HTMLElement)
      .getAllByRole('button')
      .map((button) => button.getAttribute('aria-label'));
    expect(names).toEqual(['Copy answer', 'Regenerate', 'Helpful', 'Not helpful']);
    for (const button of within(actions as HTMLElement).getAllByRole('button'))
      expect(button.title).toBe(button.getAttribute('aria-label'));
  });

  it('copies the answer as its markdown source', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const widget = setup();
    widget.controller.open();
    await answered(widget, 'Hi', 'Some **bold** text');
    fireEvent.click(await widget.ui.findByRole('button', { name: 'Copy answer' }));
    expect(writeText).toHaveBeenCalledWith('Some **bold** text');
    expect(await widget.ui.findByRole('button', { name: 'Copied' })).toBeTruthy();
  });

  it('regenerates: the same question again in the same conversation, the new answer in place of the old', async () => {
    const widget = setup();
    widget.controller.open();
    await answered(widget, 'Tell me a joke', 'First joke');
    const streamOpened = widget.proxy.nextStream();
    fireEvent.click(await widget.ui.findByRole('button', { name: 'Regenerate' }));
    const stream = await streamOpened;
    stream.delta('Second joke');
    stream.end();
    expect(await widget.ui.findByText('Second joke')).toBeTruthy();
    expect(widget.ui.queryByText('First joke')).toBeNull();
    expect(widget.view.querySelectorAll('[part~="user-message"]')).toHaveLength(1);
    const sent = widget.proxy.requestsTo('POST', '/v1/chat-messages');
    expect(sent.map((request) => request.body?.query)).toEqual(['Tell me a joke', 'Tell me a joke']);
    expect(sent[1]?.body?.conversation_id).toBe(conversationId);
  });

  it('asks for an optional reason after a dislike and sends it as the feedback content', async () => {
    const widget = setup();
    widget.proxy.route('POST', '/v1/messages/:id/feedbacks', () => json({ result: 'success' }));
    widget.controller.open();
    await answered(widget, 'Hi', 'Meh.');
    const dislike = await widget.ui.findByRole('button', { name: 'Not helpful' });
    fireEvent.click(dislike);
    await waitFor(() => expect(dislike.getAttribute('aria-pressed')).toBe('true'));
    const reason = await widget.ui.findByRole('textbox', { name: 'What was wrong? (optional)' });
    await waitFor(() => expect(widget.root.activeElement).toBe(reason));
    fireEvent.input(reason, { target: { value: 'It ignored my question' } });
    fireEvent.click(within(reason.closest('form') as HTMLElement).getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(widget.proxy.requestsTo('POST', `/v1/messages/${messageId}/feedbacks`)).toHaveLength(2));
    const bodies = widget.proxy.requestsTo('POST', `/v1/messages/${messageId}/feedbacks`).map((request) => request.body);
    expect(bodies).toEqual([{ rating: 'dislike' }, { rating: 'dislike', content: 'It ignored my question' }]);
    expect(widget.ui.queryByRole('textbox', { name: 'What was wrong? (optional)' })).toBeNull();
    expect(widget.root.activeElement).toBe(dislike);
  });

  it('closes the reason box on Skip without a second request', async () => {
    const widget = setup();
    widget.proxy.route('POST', '/v1/messages/:id/feedbacks', () => json({ result: 'success' }));
    widget.controller.open();
    await answered(widget, 'Hi', 'Meh.');
    fireEvent.click(await widget.ui.findByRole('button', { name: 'Not helpful' }));
    fireEvent.click(await widget.ui.findByRole('button', { name: 'Skip' }));
    expect(widget.ui.queryByRole('textbox', { name: 'What was wrong? (optional)' })).toBeNull();
    await waitFor(() => expect(widget.proxy.requestsTo('POST', `/v1/messages/${messageId}/feedbacks`)).toHaveLength(1));
  });
});

describe('the length limit', () => {
  function limitedProxy(limit: number) {
    return createFakeProxy({ headers: { 'Dify-Widget-Max-Query-Chars': String(limit) } });
  }

  it('shows a counter near the proxy’s limit and does not send over it', async () => {
    const widget = setup({ proxy: limitedProxy(100) });
    widget.controller.open();
    const input = await widget.ui.findByRole('textbox', { name: 'Message' });
    fireEvent.input(input, { target: { value: 'x'.repeat(50) } });
    expect(widget.view.querySelector('[part~="counter"]')).toBeNull();
    fireEvent.input(input, { target: { value: 'x'.repeat(90) } });
    expect((await widget.ui.findByText('Characters left: 10')).id).toBe(input.getAttribute('aria-describedby'));
    fireEvent.input(input, { target: { value: 'x'.repeat(105) } });
    expect(await widget.ui.findByText('Characters over the limit: 5')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const send = widget.ui.getByRole('button', { name: 'Send' });
    expect(send.hasAttribute('disabled')).toBe(true);
    fireEvent.keyDown(input, { key: 'Enter' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(widget.proxy.requestsTo('POST', '/v1/chat-messages')).toHaveLength(0);
    expect((input as HTMLTextAreaElement).value).toBe('x'.repeat(105));
  });

  it('gives the text back, without a Retry, when the message is refused anyway', async () => {
    const widget = setup();
    widget.proxy.route('POST', '/v1/chat-messages', () =>
      json({ code: 'invalid_param', message: 'query: must be at most 4000 characters', status: 400 }, 400),
    );
    widget.controller.open();
    const input = await widget.ui.findByRole('textbox', { name: 'Message' });
    fireEvent.input(input, { target: { value: 'A long question' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(await widget.ui.findByText('The message wasn’t accepted. Change it and try again.')).toBeTruthy();
    await waitFor(() => expect((input as HTMLTextAreaElement).value).toBe('A long question'));
    expect(widget.ui.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(widget.view.textContent).not.toMatch(/query:|4000|Dify/);
  });
});

describe('the header', () => {
  it('labels New conversation in words and offers Undo, which brings the conversation back', async () => {
    const widget = setup();
    widget.controller.open();
    await answered(widget, 'Keep me', 'Kept.');
    widget.proxy.route('GET', '/v1/messages', () =>
      json({
        has_more: false,
        data: [{ id: messageId, conversation_id: conversationId, query: 'Keep me', answer: 'Kept.', feedback: null }],
      }),
    );
    const button = widget.ui.getByRole('button', { name: 'New conversation' });
    expect(button.textContent).toBe('New conversation');
    fireEvent.click(button);
    expect(widget.ui.queryByText('Keep me')).toBeNull();
    const toast = (await widget.ui.findByText('New conversation started.')).closest('[part~="undo-toast"]');
    expect(toast?.getAttribute('role')).toBe('status');
    fireEvent.click(await widget.ui.findByRole('button', { name: 'Undo' }));
    expect(await widget.ui.findByText('Keep me')).toBeTruthy();
    expect(widget.ui.queryByText('New conversation started.')).toBeNull();
    const streamOpened = widget.proxy.nextStream();
    widget.controller.send('And now?');
    (await streamOpened).end();
    expect(widget.proxy.requestsTo('POST', '/v1/chat-messages').at(-1)?.body?.conversation_id).toBe(conversationId);
  });

  it('offers no Undo when there was nothing to put aside', async () => {
    const widget = setup();
    widget.controller.open();
    fireEvent.click(await widget.ui.findByRole('button', { name: 'New conversation' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(widget.ui.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('expands the bubble’s panel and keeps it expanded while open; inline has no Expand', async () => {
    const widget = setup();
    widget.controller.open();
    const expand = await widget.ui.findByRole('button', { name: 'Larger chat' });
    const panel = widget.view.querySelector('[part~="panel"]');
    expect(panel?.hasAttribute('data-expanded')).toBe(false);
    fireEvent.click(expand);
    expect(expand.getAttribute('aria-pressed')).toBe('true');
    expect(panel?.getAttribute('data-expanded')).toBe('true');
    await answered(widget, 'Hi', 'Still big.');
    expect(panel?.getAttribute('data-expanded')).toBe('true');
    mounted?.controller.destroy();
    mounted?.host.remove();
    const target = document.createElement('div');
    target.id = 'inline-target';
    document.body.append(target);
    const inline = setup({ config: { mode: 'inline', target: '#inline-target' }, parent: target });
    await inline.ui.findByRole('button', { name: 'New conversation' });
    expect(inline.ui.queryByRole('button', { name: 'Larger chat' })).toBeNull();
    target.remove();
  });

  it('shows the app’s initial where no font draws its emoji icon', async () => {
    canvasWithoutEmoji();
    const widget = setup();
    widget.controller.open();
    const icon = await waitFor(() => {
      const element = widget.view.querySelector('.dw-app-icon');
      if (element?.textContent !== 'T') throw new Error(`icon shows ${element?.textContent ?? 'nothing'}`);
      return element;
    });
    expect(icon.getAttribute('aria-hidden')).toBe('true');
  });

  it('keeps the emoji where the device draws it', async () => {
    const widget = setup();
    widget.controller.open();
    await widget.ui.findByRole('button', { name: 'New conversation' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(widget.view.querySelector('.dw-app-icon')?.textContent).toBe('🤖');
  });
});

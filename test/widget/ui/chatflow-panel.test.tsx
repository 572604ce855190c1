import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  approvalForm,
  bareWorkerError,
  chatflowStart,
  failedRun,
  formToken,
  imageFirst,
  pause,
  resumption,
  runId,
} from '../fixtures/chatflow-frames.ts';
import { conversationId, createFakeProxy, json, messageId, type ControlledStream, type FakeProxy } from '../fixtures/fake-proxy.ts';
import { mountWidget, type MountedWidget } from '../fixtures/mount-widget.ts';

let mounted: MountedWidget | undefined;

beforeEach(() => localStorage.clear());

afterEach(() => {
  mounted?.controller.destroy();
  mounted?.host.remove();
  mounted = undefined;
  vi.unstubAllGlobals();
});

function setup(proxy: FakeProxy = createFakeProxy({ mode: 'advanced-chat' })) {
  mounted = mountWidget({ proxy });
  return { ...mounted, ui: within(mounted.view) };
}

type Widget = ReturnType<typeof setup>;

/** Opens the panel, sends `text` and hands back the answer's stream. */
async function ask(widget: Widget, text = 'Refund my order'): Promise<ControlledStream> {
  fireEvent.click(widget.ui.getByRole('button', { name: 'Open chat' }));
  const input = await widget.ui.findByRole('textbox', { name: 'Message' });
  const streamOpened = widget.proxy.nextStream();
  fireEvent.input(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: 'Enter' });
  return streamOpened;
}

function play(stream: ControlledStream, frames: Record<string, unknown>[]) {
  for (const frame of frames) stream.frame(frame);
}

describe('a chatflow answer that fails', () => {
  it('says the app could not finish, in plain words with Dify’s reason, and offers Retry', async () => {
    const widget = setup();
    play(await ask(widget), [...chatflowStart('status '), ...failedRun('[Errno 111] Connection refused')]);
    expect(await widget.ui.findByText('The app couldn’t finish this answer.')).toBeTruthy();
    expect(widget.ui.queryByText(/connection dropped/)).toBeNull();
    const retryOpened = widget.proxy.nextStream();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Retry' }));
    const retry = await retryOpened;
    retry.delta('Worked this time.');
    retry.end();
    expect(await widget.ui.findByText('Worked this time.')).toBeTruthy();
  });

  it('ends “Thinking…” on Dify main’s bare error frame and shows its message', async () => {
    const widget = setup();
    (await ask(widget)).write(bareWorkerError('Query is required'));
    expect(await widget.ui.findByText('The app couldn’t finish this answer.')).toBeTruthy();
    expect(widget.ui.queryByText('Thinking…')).toBeNull();
    expect(widget.ui.getByRole('button', { name: 'Send' })).toBeTruthy();
  });
});

describe('answer text sent as message_file', () => {
  it('is shown like any answer text', async () => {
    const widget = setup(createFakeProxy({ mode: 'chat' }));
    const stream = await ask(widget, 'Draw a cat');
    play(stream, imageFirst(['Here is ', 'your **cat**.']));
    stream.end();
    expect((await widget.ui.findByText('cat')).tagName).toBe('STRONG');
  });
});

describe('a chatflow that pauses on a form', () => {
  async function paused(widget: Widget, form = approvalForm()) {
    const stream = await ask(widget);
    stream.write('event: ping\n\n');
    play(stream, [...chatflowStart('Asking a manager… '), ...pause(form)]);
    return widget.ui.findByRole('region', { name: 'Manager approval' });
  }

  it('shows the form’s text, a labelled field with its default and one button per action, and announces the pause', async () => {
    const widget = setup();
    const card = within(await paused(widget));
    expect(card.getByText('approve').tagName).toBe('STRONG');
    expect(card.getByRole<HTMLTextAreaElement>('textbox', { name: 'Comment' }).value).toBe('Looks fine');
    expect(card.getAllByRole('button').map((button) => button.textContent)).toEqual(['Approve', 'Reject']);
    expect(widget.ui.queryByText(/\{\{#\$output/)).toBeNull();
    const status = widget.view.querySelector('[part="announcer"]');
    await waitFor(() => expect(status?.textContent).toBe('Answer: Asking a manager… The app is waiting for your response.'));
    expect(widget.ui.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('never inserts the form’s text as HTML', async () => {
    const widget = setup();
    const card = await paused(widget, approvalForm({ form_content: '<img src=x onerror="alert(1)"> **ok**' }));
    expect(card.querySelector('img')).toBeNull();
    expect(within(card).getByText(/<img src=x/)).toBeTruthy();
  });

  it('sends the answer when an action is pressed, then shows the resumed answer in the same turn and returns focus to the message box', async () => {
    const widget = setup();
    const card = within(await paused(widget));
    fireEvent.input(card.getByRole('textbox', { name: 'Comment' }), { target: { value: 'Go ahead' } });
    const eventsOpened = widget.proxy.nextStream();
    const approve = card.getByRole('button', { name: 'Approve' });
    approve.focus();
    fireEvent.click(approve);
    const events = await eventsOpened;
    await waitFor(() => expect(widget.proxy.requestsTo('POST', `/v1/form/human_input/${formToken}`)).toHaveLength(1));
    expect(widget.proxy.requestsTo('POST', `/v1/form/human_input/${formToken}`)[0]?.body).toEqual({
      inputs: { comment: 'Go ahead' },
      action: 'approve',
    });
    expect(widget.proxy.requestsTo('GET', `/v1/workflow/${runId}/events`)).toHaveLength(1);
    await waitFor(() => expect(widget.ui.queryByRole('region', { name: 'Manager approval' })).toBeNull());
    await waitFor(() => expect(widget.root.activeElement).toBe(widget.ui.getByRole('textbox', { name: 'Message' })));
    play(events, resumption('Refund approved.'));
    expect(await widget.ui.findByText('Asking a manager… Refund approved.')).toBeTruthy();
    expect(widget.view.querySelectorAll('[part~="assistant-message"]')).toHaveLength(1);
  });

  it('does not press an action when Enter is typed in a field', async () => {
    const widget = setup();
    const card = within(await paused(widget));
    const field = card.getByRole('textbox', { name: 'Comment' });
    fireEvent.keyDown(field, { key: 'Enter' });
    fireEvent.submit(field.closest('form') ?? field);
    expect(widget.proxy.requestsTo('POST', `/v1/form/human_input/${formToken}`)).toHaveLength(0);
  });

  it('says why an answer was not accepted, and keeps the form', async () => {
    const proxy = createFakeProxy({ mode: 'advanced-chat' });
    proxy.route('POST', '/v1/form/human_input/:token', () =>
      json({ code: 'invalid_form_data', message: 'comment is too long', status: 400 }, 400),
    );
    const widget = setup(proxy);
    const card = within(await paused(widget));
    fireEvent.click(card.getByRole('button', { name: 'Approve' }));
    expect((await card.findByRole('alert')).textContent).toBe('Your response wasn’t accepted. (comment is too long)');
    expect(card.getByRole('button', { name: 'Approve' })).toBeTruthy();
  });

  it('says when the form was already answered or has expired, and moves focus to that note', async () => {
    const proxy = createFakeProxy({ mode: 'advanced-chat' });
    proxy.route('POST', '/v1/form/human_input/:token', () =>
      json({ code: 'human_input_form_submitted', message: 'This form has already been submitted by another user', status: 412 }, 412),
    );
    const widget = setup(proxy);
    const card = within(await paused(widget));
    fireEvent.click(card.getByRole('button', { name: 'Approve' }));
    const note = await widget.ui.findByText('This form has already been answered.');
    await waitFor(() => expect(widget.root.activeElement).toBe(note));
  });

  it('shows a still-open form again after a reload', async () => {
    const proxy = createFakeProxy({ mode: 'advanced-chat' });
    const first = setup(proxy);
    await paused(first);
    first.controller.destroy();
    first.host.remove();
    proxy.route('GET', '/v1/messages', () =>
      json({
        has_more: false,
        data: [
          {
            id: messageId,
            conversation_id: conversationId,
            query: 'Refund my order',
            answer: 'Asking a manager… ',
            status: 'paused',
            inputs: {},
          },
        ],
      }),
    );
    proxy.route('GET', `/v1/form/human_input/${formToken}`, () => json({ ...approvalForm(), user_actions: approvalForm().actions }));
    const reloaded = setup(proxy);
    fireEvent.click(reloaded.ui.getByRole('button', { name: 'Open chat' }));
    const card = within(await reloaded.ui.findByRole('region', { name: 'Manager approval' }));
    expect(card.getByRole('button', { name: 'Approve' })).toBeTruthy();
    expect(reloaded.ui.getByText('Asking a manager…')).toBeTruthy();
  });
});

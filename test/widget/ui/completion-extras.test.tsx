import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeProxy, json, messageId } from '../fixtures/fake-proxy.ts';
import { mountWidget, type MountedWidget } from '../fixtures/mount-widget.ts';

let mounted: MountedWidget | undefined;

beforeEach(() => localStorage.clear());

afterEach(() => {
  mounted?.controller.destroy();
  mounted?.host.remove();
  mounted = undefined;
  vi.unstubAllGlobals();
});

const form = [{ 'text-input': { variable: 'topic', label: 'Topic', required: true } }];

/** A completion app whose feedback endpoint accepts every rating, as Dify's does for the visitor's own message. */
function completionProxy(moreLikeThis = false) {
  const proxy = createFakeProxy({ mode: 'completion', parameters: { user_input_form: form, more_like_this: { enabled: moreLikeThis } } });
  proxy.route('POST', '/v1/messages/:id/feedbacks', () => json({ result: 'success' }));
  return proxy;
}

function setup(options: { moreLikeThis?: boolean; proxy?: ReturnType<typeof createFakeProxy> } = {}) {
  const target = document.createElement('div');
  document.body.append(target);
  const proxy = options.proxy ?? completionProxy(options.moreLikeThis);
  mounted = mountWidget({ proxy, config: { mode: 'inline', target: '#x' }, parent: target });
  return { ...mounted, ui: within(mounted.view) };
}

async function generate(widget: ReturnType<typeof setup>, topic: string, text: string) {
  fireEvent.input(await widget.ui.findByRole('textbox', { name: 'Topic' }), { target: { value: topic } });
  const opened = widget.proxy.nextStream();
  fireEvent.click(widget.ui.getByRole('button', { name: 'Generate' }));
  const stream = await opened;
  stream.delta(text);
  stream.end();
  await widget.ui.findByRole('button', { name: 'Copy' });
}

describe('completion results', () => {
  it('takes a like, and removes it when pressed again; a refused rating is put back', async () => {
    const widget = setup();
    await generate(widget, 'owls', 'Owls hoot.');
    const like = widget.ui.getByRole('button', { name: 'Helpful' });
    fireEvent.click(like);
    await waitFor(() => expect(widget.proxy.requestsTo('POST', `/v1/messages/${messageId}/feedbacks`)).toHaveLength(1));
    expect(widget.proxy.requestsTo('POST', `/v1/messages/${messageId}/feedbacks`)[0]?.body).toEqual({ rating: 'like' });
    expect(like.getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(widget.events.some((event) => event.name === 'feedback')).toBe(true));
    fireEvent.click(like);
    await waitFor(() => expect(widget.proxy.requestsTo('POST', `/v1/messages/${messageId}/feedbacks`)[1]?.body).toEqual({ rating: null }));
    await waitFor(() => expect(like.getAttribute('aria-pressed')).toBe('false'));

    widget.proxy.route('POST', '/v1/messages/:id/feedbacks', () =>
      json({ code: 'not_found', message: 'Message Not Exists.', status: 404 }, 404),
    );
    const dislike = widget.ui.getByRole('button', { name: 'Not helpful' });
    fireEvent.click(dislike);
    await waitFor(() => expect(widget.proxy.requestsTo('POST', `/v1/messages/${messageId}/feedbacks`)).toHaveLength(3));
    await waitFor(() => expect(dislike.getAttribute('aria-pressed')).toBe('false'));
  });

  it('offers More like this only when the app enables it, and it generates again from the shown result’s inputs', async () => {
    const off = setup();
    await generate(off, 'owls', 'Owls hoot.');
    expect(off.ui.queryByRole('button', { name: 'More like this' })).toBeNull();
    off.controller.destroy();
    off.host.remove();

    const widget = setup({ moreLikeThis: true });
    await generate(widget, 'owls', 'Owls hoot.');
    // Editing the form afterwards does not change what More like this is "like".
    fireEvent.input(widget.ui.getByRole('textbox', { name: 'Topic' }), { target: { value: 'bats' } });
    const opened = widget.proxy.nextStream();
    fireEvent.click(widget.ui.getByRole('button', { name: 'More like this' }));
    await opened;
    const sent = widget.proxy.requestsTo('POST', '/v1/completion-messages').map((request) => request.body?.inputs);
    expect(sent).toEqual([{ topic: 'owls' }, { topic: 'owls' }]);
  });

  it('keeps the last result and its rating across a reload, for the same visitor only', async () => {
    const proxy = completionProxy();
    const first = setup({ proxy });
    await generate(first, 'owls', 'Owls hoot at night.');
    fireEvent.click(first.ui.getByRole('button', { name: 'Helpful' }));
    await waitFor(() => expect(proxy.requestsTo('POST', `/v1/messages/${messageId}/feedbacks`)).toHaveLength(1));
    first.controller.destroy();
    first.host.remove();

    // A reload: the same storage, the stored session is reused.
    const again = setup({ proxy });
    expect(await again.ui.findByText('Owls hoot at night.')).toBeTruthy();
    expect(again.ui.getByRole('button', { name: 'Helpful' }).getAttribute('aria-pressed')).toBe('true');
    expect(proxy.requestsTo('POST', '/v1/completion-messages')).toHaveLength(1);
    again.controller.destroy();
    again.host.remove();

    // Another visitor on the same browser (the session was dropped): nothing is shown.
    for (const key of Object.keys(localStorage)) if (!key.endsWith(':completion')) localStorage.removeItem(key);
    const stranger = setup({ proxy });
    await stranger.ui.findByRole('textbox', { name: 'Topic' });
    await waitFor(() => expect(proxy.requestsTo('POST', '/session').length).toBeGreaterThan(1));
    expect(stranger.ui.queryByText('Owls hoot at night.')).toBeNull();
  });
});

import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeProxy, json, type RecordedRequest } from '../fixtures/fake-proxy.ts';
import { mountWidget, type MountedWidget } from '../fixtures/mount-widget.ts';

let mounted: MountedWidget | undefined;

beforeEach(() => localStorage.clear());

afterEach(() => {
  mounted?.controller.destroy();
  mounted?.host.remove();
  mounted = undefined;
  vi.unstubAllGlobals();
});

interface Listed {
  id: string;
  name: string;
  updated_at: number;
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A fake proxy whose `/conversations`, rename and delete act on `listed` as Dify's would (§7). */
function proxyWith(listed: Listed[], pageSize = 20) {
  const proxy = createFakeProxy();
  proxy.route('GET', '/v1/conversations', (request: RecordedRequest) => {
    const sorted = [...listed].sort((a, b) => b.updated_at - a.updated_at);
    const lastId = request.query.get('last_id');
    const start = lastId ? sorted.findIndex((item) => item.id === lastId) + 1 : 0;
    const limit = Number(request.query.get('limit') ?? pageSize);
    const page = sorted.slice(start, start + Math.min(limit, pageSize));
    return json({ limit, has_more: start + page.length < sorted.length, data: page });
  });
  proxy.route('POST', '/v1/conversations/:id/name', (request) => {
    const id = request.path.split('/')[3];
    const item = listed.find((entry) => entry.id === id);
    if (!item) return json({ code: 'not_found', message: 'Conversation Not Exists.', status: 404 }, 404);
    item.name = request.body?.auto_generate === true ? 'Generated title' : String(request.body?.name);
    return json({ ...item, inputs: {}, status: 'normal', introduction: '', created_at: 1 });
  });
  proxy.route('DELETE', '/v1/conversations/:id', (request) => {
    const id = request.path.split('/')[3];
    const index = listed.findIndex((entry) => entry.id === id);
    if (index < 0) return json({ code: 'not_found', message: 'Conversation Not Exists.', status: 404 }, 404);
    listed.splice(index, 1);
    return new Response(null, { status: 204 });
  });
  proxy.route('GET', '/v1/messages', (request) => {
    const id = request.query.get('conversation_id');
    const item = listed.find((entry) => entry.id === id);
    return json({
      limit: 20,
      has_more: false,
      data: item
        ? [{ id: `m-${id}`, conversation_id: id, query: `Question in ${item.name}`, answer: `Answer in ${item.name}`, status: 'normal' }]
        : [],
    });
  });
  return proxy;
}

async function openDrawer(listed: Listed[], pageSize?: number) {
  mounted = mountWidget({ proxy: proxyWith(listed, pageSize) });
  const ui = within(mounted.view);
  fireEvent.click(ui.getByRole('button', { name: 'Open chat' }));
  await ui.findByRole('textbox', { name: 'Message' });
  const toggle = ui.getByRole('button', { name: 'Conversations' });
  fireEvent.click(toggle);
  const drawer = await ui.findByRole('region', { name: 'Conversations' });
  return { ui, drawer, toggle, widget: mounted };
}

const names = (drawer: HTMLElement) =>
  within(drawer)
    .queryAllByRole('listitem')
    .map((item) => item.querySelector('[part~="conversation"]')?.textContent);

describe('the conversations drawer', () => {
  it('lists the visitor’s conversations newest first, takes focus, and Escape closes it with focus back on its button', async () => {
    const { ui, drawer, toggle, widget } = await openDrawer([
      { id: uuid(1), name: 'Older', updated_at: 10 },
      { id: uuid(2), name: 'Newest', updated_at: 30 },
      { id: uuid(3), name: 'Middle', updated_at: 20 },
    ]);
    await waitFor(() => expect(names(drawer)).toEqual(['Newest', 'Middle', 'Older']));
    expect(widget.root.activeElement).toBe(drawer);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(widget.proxy.requestsTo('GET', '/v1/conversations')[0]?.query.get('sort_by')).toBe('-updated_at');
    fireEvent.keyDown(drawer, { key: 'Escape' });
    await waitFor(() => expect(ui.queryByRole('region', { name: 'Conversations' })).toBeNull());
    expect(widget.root.activeElement).toBe(toggle);
    // Escape closed the drawer only, not the panel.
    expect(ui.getByRole('dialog')).toBeTruthy();
  });

  it('pages with last_id while Dify says has_more', async () => {
    const listed = Array.from({ length: 5 }, (_, index) => ({ id: uuid(index + 1), name: `Chat ${index + 1}`, updated_at: 100 - index }));
    const { drawer, widget } = await openDrawer(listed, 2);
    await waitFor(() => expect(names(drawer)).toEqual(['Chat 1', 'Chat 2']));
    fireEvent.click(within(drawer).getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(names(drawer)).toEqual(['Chat 1', 'Chat 2', 'Chat 3', 'Chat 4']));
    fireEvent.click(within(drawer).getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(names(drawer)).toHaveLength(5));
    expect(within(drawer).queryByRole('button', { name: 'Show more' })).toBeNull();
    expect(widget.proxy.requestsTo('GET', '/v1/conversations').map((request) => request.query.get('last_id'))).toEqual([
      null,
      uuid(2),
      uuid(4),
    ]);
  });

  it('switches to a conversation: its messages are shown and later messages go into it', async () => {
    const { ui, drawer, widget } = await openDrawer([{ id: uuid(7), name: 'Trip planning', updated_at: 1 }]);
    fireEvent.click(await within(drawer).findByRole('button', { name: 'Trip planning' }));
    expect(await ui.findByText('Answer in Trip planning')).toBeTruthy();
    const opened = widget.proxy.nextStream();
    fireEvent.input(ui.getByRole('textbox', { name: 'Message' }), { target: { value: 'And the hotel?' } });
    fireEvent.submit(ui.getByRole('textbox', { name: 'Message' }).closest('form') as HTMLFormElement);
    await opened;
    expect(widget.proxy.requestsTo('POST', '/v1/chat-messages')[0]?.body).toMatchObject({
      conversation_id: uuid(7),
      query: 'And the hotel?',
    });
  });

  it('renames a conversation, and a blank name asks Dify to generate one', async () => {
    const { drawer, widget } = await openDrawer([{ id: uuid(4), name: 'hello', updated_at: 1 }]);
    fireEvent.click(await within(drawer).findByRole('button', { name: 'Rename' }));
    const field = within(drawer).getByRole('textbox', { name: 'Conversation name' });
    fireEvent.input(field, { target: { value: 'Greetings' } });
    fireEvent.submit(field.closest('form') as HTMLFormElement);
    expect(await within(drawer).findByRole('button', { name: 'Greetings' })).toBeTruthy();
    expect(widget.proxy.requestsTo('POST', `/v1/conversations/${uuid(4)}/name`)[0]?.body).toEqual({
      name: 'Greetings',
      auto_generate: false,
    });
    await waitFor(() => expect(widget.root.activeElement?.textContent).toBe('Greetings'));

    fireEvent.click(within(drawer).getByRole('button', { name: 'Rename' }));
    const again = within(drawer).getByRole('textbox', { name: 'Conversation name' });
    fireEvent.input(again, { target: { value: '  ' } });
    fireEvent.submit(again.closest('form') as HTMLFormElement);
    expect(await within(drawer).findByRole('button', { name: 'Generated title' })).toBeTruthy();
    expect(widget.proxy.requestsTo('POST', `/v1/conversations/${uuid(4)}/name`)[1]?.body).toEqual({ auto_generate: true });
  });

  it('deletes only after the visitor confirms; Cancel and Escape keep it', async () => {
    const { drawer, widget } = await openDrawer([
      { id: uuid(5), name: 'Keep me', updated_at: 2 },
      { id: uuid(6), name: 'Bin me', updated_at: 1 },
    ]);
    const row = async (name: string) => (await within(drawer).findByRole('button', { name })).closest('li') as HTMLElement;
    fireEvent.click(within(await row('Bin me')).getByRole('button', { name: 'Delete' }));
    const cancel = within(await row('Bin me')).getByRole('button', { name: 'Cancel' });
    // The safe choice has focus.
    expect(widget.root.activeElement).toBe(cancel);
    expect(within(await row('Bin me')).getByText('Delete “Bin me”? This can’t be undone.')).toBeTruthy();
    fireEvent.keyDown(cancel, { key: 'Escape' });
    await waitFor(() => expect(within(drawer).queryByRole('button', { name: 'Cancel' })).toBeNull());
    // Escape cancelled the question, not the drawer.
    expect(within(widget.view).getByRole('region', { name: 'Conversations' })).toBeTruthy();
    expect(widget.proxy.requestsTo('DELETE', `/v1/conversations/${uuid(6)}`)).toHaveLength(0);

    fireEvent.click(within(await row('Bin me')).getByRole('button', { name: 'Delete' }));
    const confirm = within(drawer)
      .getAllByRole('button', { name: 'Delete' })
      .find((button) => button.getAttribute('part') === 'conversation-confirm-delete');
    fireEvent.click(confirm as HTMLElement);
    await waitFor(() => expect(names(drawer)).toEqual(['Keep me']));
    expect(widget.proxy.requestsTo('DELETE', `/v1/conversations/${uuid(6)}`)).toHaveLength(1);
  });

  it('New conversation in the drawer leaves the current one in the list and returns to an empty chat', async () => {
    const listed = [{ id: uuid(8), name: 'First topic', updated_at: 1 }];
    const { ui, drawer } = await openDrawer(listed);
    fireEvent.click(await within(drawer).findByRole('button', { name: 'First topic' }));
    expect(await ui.findByText('Answer in First topic')).toBeTruthy();
    fireEvent.click(ui.getByRole('button', { name: 'Conversations' }));
    const reopened = await ui.findByRole('region', { name: 'Conversations' });
    const current = await within(reopened).findByRole('button', { name: 'First topic' });
    expect(current.getAttribute('aria-current')).toBe('true');
    fireEvent.click(within(reopened).getByRole('button', { name: /New conversation/ }));
    await waitFor(() => expect(ui.queryByText('Answer in First topic')).toBeNull());
    fireEvent.click(ui.getByRole('button', { name: 'Conversations' }));
    const again = await ui.findByRole('region', { name: 'Conversations' });
    const kept = await within(again).findByRole('button', { name: 'First topic' });
    expect(kept.getAttribute('aria-current')).toBeNull();
  });

  it('says so when the list cannot be loaded, with Retry', async () => {
    const proxy = proxyWith([]);
    let fail = true;
    proxy.route('GET', '/v1/conversations', () =>
      fail ? json({ code: 'internal_server_error', message: 'boom', status: 500 }, 500) : json({ limit: 20, has_more: false, data: [] }),
    );
    mounted = mountWidget({ proxy });
    const ui = within(mounted.view);
    fireEvent.click(ui.getByRole('button', { name: 'Open chat' }));
    fireEvent.click(await ui.findByRole('button', { name: 'Conversations' }));
    expect(await ui.findByText(/Couldn’t load your conversations\./)).toBeTruthy();
    fail = false;
    fireEvent.click(ui.getByRole('button', { name: 'Retry' }));
    expect(await ui.findByText('No conversations yet.')).toBeTruthy();
  });

  it('works the same in an inline chat', async () => {
    const target = document.createElement('div');
    target.id = 'inline-chat';
    document.body.append(target);
    mounted = mountWidget({
      proxy: proxyWith([{ id: uuid(9), name: 'Inline one', updated_at: 1 }]),
      config: { mode: 'inline', target: '#inline-chat' },
      parent: target,
    });
    const ui = within(mounted.view);
    const toggle = await ui.findByRole('button', { name: 'Conversations' });
    fireEvent.click(toggle);
    const drawer = await ui.findByRole('region', { name: 'Conversations' });
    expect(await within(drawer).findByRole('button', { name: 'Inline one' })).toBeTruthy();
    fireEvent.keyDown(drawer, { key: 'Escape' });
    await waitFor(() => expect(ui.queryByRole('region', { name: 'Conversations' })).toBeNull());
    expect(mounted.root.activeElement).toBe(toggle);
    expect(ui.getByRole('textbox', { name: 'Message' })).toBeTruthy();
    target.remove();
  });
});

import { describe, expect, it } from 'vitest';
import { createStateStore, storageKey } from '../../../widget/core/persisted-state.ts';
import { createMemoryStore, createStore } from '../../../widget/core/storage.ts';
import { createFakeProxy, json, messageId } from '../fixtures/fake-proxy.ts';
import { setupModel } from '../fixtures/widget-model.ts';

const inOneHour = () => Math.floor(Date.now() / 1000) + 3600;

function historyMessage(index: number) {
  return {
    id: `msg-${index}`,
    conversation_id: 'conv-1',
    query: `Question ${index}`,
    answer: `Answer ${index}`,
    status: 'normal',
    feedback: index === 2 ? { rating: 'like' } : null,
  };
}

function storeWith(proxyBase: string, state: Record<string, unknown>) {
  const store = createMemoryStore();
  store.setItem(storageKey(proxyBase, undefined), JSON.stringify(state));
  return store;
}

describe('visitor session', () => {
  it('mints one anonymous session for concurrent first requests and reuses it after a reload', async () => {
    const store = createMemoryStore();
    const first = setupModel({ store });
    await first.model.activate();
    expect(first.proxy.requestsTo('POST', '/session')).toHaveLength(1);
    expect(first.proxy.requestsTo('POST', '/session')[0]?.body).toEqual({});
    const reloaded = setupModel({ store, proxy: first.proxy });
    await reloaded.model.activate();
    expect(first.proxy.requestsTo('POST', '/session')).toHaveLength(1);
  });

  it('renews an expired session with the old token before using it, keeping the user', async () => {
    const proxy = createFakeProxy();
    proxy.acceptToken('token-old', 'anon-7');
    const store = storeWith(proxy.base, { session: { token: 'token-old', user: 'anon-7', expiresAt: 1000 } });
    const { model } = setupModel({ proxy, store });
    await model.activate();
    expect(createStateStore(store, storageKey(proxy.base, undefined)).read().session?.user).toBe('anon-7');
    const sessionCalls = proxy.requestsTo('POST', '/session');
    expect(sessionCalls).toHaveLength(1);
    expect(sessionCalls[0]?.authorization).toBe('Bearer token-old');
    expect(proxy.requestsTo('GET', '/v1/info')[0]?.authorization).toBe('Bearer token-1');
  });

  it('renews once and retries when the proxy answers 401, then keeps going', async () => {
    const proxy = createFakeProxy();
    let refusals = 0;
    proxy.route('GET', '/v1/info', (request) => {
      if (request.authorization === 'Bearer token-stale') {
        refusals += 1;
        return json({ code: 'unauthorized', message: 'Session expired.', status: 401 }, 401);
      }
      return json({ name: 'Bot', mode: 'chat' });
    });
    proxy.acceptToken('token-stale', 'anon-9');
    const store = storeWith(proxy.base, { session: { token: 'token-stale', user: 'anon-9', expiresAt: inOneHour() } });
    const { model } = setupModel({ proxy, store });
    await model.activate();
    expect(refusals).toBe(1);
    expect(model.app.value?.title).toBe('Test bot');
    expect(proxy.requestsTo('POST', '/session')[0]?.authorization).toBe('Bearer token-stale');
  });

  it('keeps the visible conversation when the session is renewed mid-conversation', async () => {
    const proxy = createFakeProxy();
    proxy.route('GET', '/v1/messages', () => json({ limit: 20, has_more: false, data: [historyMessage(1)] }));
    proxy.acceptToken('token-old', 'anon-7');
    const store = storeWith(proxy.base, {
      session: { token: 'token-old', user: 'anon-7', expiresAt: 1000 },
      conversation: { id: 'conv-1', user: 'anon-7' },
    });
    const { model } = setupModel({ proxy, store });
    await model.activate();
    expect(model.chat.conversationId.value).toBe('conv-1');
    expect(model.chat.turns.value.map((turn) => turn.query)).toEqual(['Question 1']);
  });

  it('mints a verified session from the identity option and does not reuse an anonymous one', async () => {
    const proxy = createFakeProxy();
    const store = storeWith(proxy.base, { session: { token: 'token-anon', user: 'anon-3', expiresAt: inOneHour() } });
    const payload = btoa(JSON.stringify({ sub: 'alice', exp: 9e9 })).replace(/=+$/, '');
    const identity = `eyJhbGciOiJIUzI1NiJ9.${payload}.signature`;
    const { model } = setupModel({ proxy, store, config: { identity } });
    await model.activate();
    expect(proxy.requestsTo('POST', '/session')[0]?.body).toEqual({ identity });
  });

  it('identify switches to the verified user and starts a new conversation; logout forgets everything', async () => {
    const proxy = createFakeProxy();
    proxy.route('GET', '/v1/messages', () => json({ limit: 20, has_more: false, data: [historyMessage(1)] }));
    const store = storeWith(proxy.base, {
      session: { token: 'token-anon', user: 'anon-3', expiresAt: inOneHour() },
      conversation: { id: 'conv-1', user: 'anon-3' },
    });
    const { model } = setupModel({ proxy, store });
    await model.activate();
    expect(model.chat.turns.value).toHaveLength(1);
    await model.identify('a.b.c');
    expect(proxy.requestsTo('POST', '/session').at(-1)?.body).toEqual({ identity: 'a.b.c' });
    expect(model.chat.turns.value).toHaveLength(0);
    await model.logout();
    expect(store.getItem(storageKey(proxy.base, undefined))).toBeNull();
  });
});

describe('conversation restore', () => {
  it('shows the stored conversation again after a reload and pages back for older messages', async () => {
    const proxy = createFakeProxy();
    proxy.route('GET', '/v1/messages', (request) =>
      request.query.get('first_id') === 'msg-3'
        ? json({ limit: 20, has_more: false, data: [historyMessage(1), historyMessage(2)] })
        : json({ limit: 20, has_more: true, data: [historyMessage(3), historyMessage(4)] }),
    );
    const store = storeWith(proxy.base, {
      session: { token: 'token-a', user: 'anon-1', expiresAt: inOneHour() },
      conversation: { id: 'conv-1', user: 'anon-1' },
    });
    const { model } = setupModel({ proxy, store });
    await model.activate();
    expect(proxy.requestsTo('GET', '/v1/messages')[0]?.query.get('conversation_id')).toBe('conv-1');
    expect(model.chat.turns.value.map((turn) => turn.query)).toEqual(['Question 3', 'Question 4']);
    expect(model.chat.hasOlder.value).toBe(true);
    await model.chat.loadOlder();
    expect(model.chat.turns.value.map((turn) => turn.answer.value.text)).toEqual(['Answer 1', 'Answer 2', 'Answer 3', 'Answer 4']);
    expect(model.chat.turns.value[1]?.rating.value).toBe('like');
    expect(model.chat.hasOlder.value).toBe(false);
  });

  it('retries a failed history page without showing a message twice', async () => {
    const proxy = createFakeProxy();
    let failures = 1;
    proxy.route('GET', '/v1/messages', () =>
      failures-- > 0
        ? json({ code: 'internal_server_error', message: 'boom', status: 500 }, 500)
        : json({ has_more: false, data: [historyMessage(1), { ...historyMessage(2), id: messageId }] }),
    );
    const store = storeWith(proxy.base, {
      session: { token: 'token-a', user: 'anon-1', expiresAt: inOneHour() },
      conversation: { id: 'conv-1', user: 'anon-1' },
    });
    const { model } = setupModel({ proxy, store });
    await model.activate();
    expect(model.chat.historyProblem.value).toMatchObject({ kind: 'unavailable' });
    // The visitor goes on chatting before retrying: the answer arrives with id `messageId`.
    const streamOpened = proxy.nextStream();
    const sending = model.sendMessage('Question 2');
    (await streamOpened).end();
    await sending;
    await model.chat.retryHistory();
    expect(model.chat.historyProblem.value).toBeUndefined();
    expect(model.chat.turns.value.map((turn) => turn.query)).toEqual(['Question 1', 'Question 2']);
  });

  it('starts a new anonymous session when renewal is refused (token too old)', async () => {
    const proxy = createFakeProxy();
    const store = storeWith(proxy.base, {
      session: { token: 'token-ancient', user: 'anon-0', expiresAt: 1000 },
      conversation: { id: 'conv-1', user: 'anon-0' },
    });
    const { model } = setupModel({ proxy, store });
    await model.activate();
    const sessionCalls = proxy.requestsTo('POST', '/session');
    expect(sessionCalls.map((call) => call.authorization)).toEqual(['Bearer token-ancient', null]);
    expect(model.chat.conversationId.value).toBeUndefined();
  });

  it('does not reopen a conversation that belongs to another user', async () => {
    const proxy = createFakeProxy();
    const store = storeWith(proxy.base, {
      session: { token: 'token-a', user: 'anon-1', expiresAt: inOneHour() },
      conversation: { id: 'conv-1', user: 'anon-2' },
    });
    const { model } = setupModel({ proxy, store });
    await model.activate();
    expect(proxy.requestsTo('GET', '/v1/messages')).toHaveLength(0);
    expect(model.chat.conversationId.value).toBeUndefined();
  });

  it('forgets a stored conversation that the server no longer has', async () => {
    const proxy = createFakeProxy();
    proxy.route('GET', '/v1/messages', () => json({ code: 'not_found', message: 'Conversation Not Exists.', status: 404 }, 404));
    const store = storeWith(proxy.base, {
      session: { token: 'token-a', user: 'anon-1', expiresAt: inOneHour() },
      conversation: { id: 'conv-1', user: 'anon-1' },
    });
    const { model } = setupModel({ proxy, store });
    await model.activate();
    expect(model.chat.conversationId.value).toBeUndefined();
    expect(store.getItem(storageKey(proxy.base, undefined))).not.toContain('conv-1');
  });

  it('keeps instances for different apps and proxies apart', () => {
    expect(storageKey('https://a.test/', undefined)).not.toBe(storageKey('https://a.test/', 'agent'));
    expect(storageKey('https://a.test/', 'agent')).not.toBe(storageKey('https://b.test/', 'agent'));
  });
});

describe('persist modes', () => {
  it('uses localStorage for local, sessionStorage for session and memory for none', () => {
    localStorage.clear();
    sessionStorage.clear();
    createStore('local').setItem('k', 'local');
    createStore('session').setItem('k', 'session');
    createStore('none').setItem('k', 'none');
    expect(localStorage.getItem('k')).toBe('local');
    expect(sessionStorage.getItem('k')).toBe('session');
  });

  it('falls back to memory when storage throws', () => {
    const throwing = {
      get localStorage(): Storage {
        throw new DOMException('blocked', 'SecurityError');
      },
      sessionStorage,
    };
    const store = createStore('local', throwing);
    store.setItem('k', 'v');
    expect(store.getItem('k')).toBe('v');
  });

  it('reads a corrupt record as empty instead of failing', () => {
    const store = createMemoryStore();
    store.setItem('key', '{not json');
    expect(createStateStore(store, 'key').read()).toEqual({});
    store.setItem('key', JSON.stringify({ session: { token: 1 }, conversation: { id: 'x' } }));
    expect(createStateStore(store, 'key').read()).toEqual({});
  });

  it('keeps a conversation’s inputs and waiting forms, and drops the parts that are malformed', () => {
    const store = createMemoryStore();
    const state = createStateStore(store, 'key');
    const form = { node_title: 'Approval', form_content: 'OK?', form_token: 'tok', actions: [{ id: 'yes', title: 'Yes' }] };
    store.setItem(
      'key',
      JSON.stringify({
        conversation: {
          id: 'c1',
          user: 'anon-1',
          inputs: { name: 'Ada', age: 3, file: { id: 'f' }, city: null },
          pause: { runId: 'r1', forms: [form, 'junk'] },
        },
      }),
    );
    expect(state.read().conversation).toEqual({
      id: 'c1',
      user: 'anon-1',
      inputs: { name: 'Ada', age: 3 },
      // Forms stay in Dify's shape (the lazily loaded form view narrows them); what is not an object is dropped.
      pause: { runId: 'r1', forms: [form] },
    });
    state.update((current) => current);
    expect(state.read().conversation?.pause?.forms).toEqual([form]);
    store.setItem('key', JSON.stringify({ conversation: { id: 'c1', user: 'anon-1', inputs: 'x', pause: { forms: [form] } } }));
    expect(state.read().conversation).toEqual({ id: 'c1', user: 'anon-1' });
  });

  it('writes nothing to localStorage or sessionStorage with persist none', async () => {
    localStorage.clear();
    sessionStorage.clear();
    const proxy = createFakeProxy();
    const { createWidgetModel } = await import('../../../widget/model/widget-model.ts');
    const model = createWidgetModel({
      config: { position: 'right', open: false, mode: 'bubble', persist: 'none' },
      proxyBase: proxy.base,
      fetch: proxy.fetch,
      emit: () => undefined,
    });
    await model.activate();
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });
});

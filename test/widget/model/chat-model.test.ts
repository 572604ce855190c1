import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { storageKey } from '../../../widget/core/persisted-state.ts';
import { isSettled } from '../../../widget/core/status.ts';
import { createMemoryStore } from '../../../widget/core/storage.ts';
import { conversationId, createFakeProxy, json } from '../fixtures/fake-proxy.ts';
import { setupModel, until } from '../fixtures/widget-model.ts';

/**
 * A model whose stored session has just expired and whose renewal (`POST /session`) waits until
 * `releaseSession()`, so a test can act while a message is waiting for its session.
 */
async function modelWithSlowRenewal() {
  const setup = setupModel();
  await setup.model.activate();
  const key = storageKey(setup.proxy.base, undefined);
  const stored = JSON.parse(setup.store.getItem(key) ?? '{}');
  setup.store.setItem(key, JSON.stringify({ ...stored, session: { ...stored.session, expiresAt: 1 } }));
  let releaseSession!: () => void;
  const held = new Promise<void>((resolve) => (releaseSession = resolve));
  setup.proxy.route('POST', '/session', async () => {
    await held;
    return json({ token: 'token-renewed', user: stored.session.user, expires_at: Math.floor(Date.now() / 1000) + 3600 });
  });
  const renewalStarted = () => until(() => setup.proxy.requestsTo('POST', '/session').length === 2, 'the session renewal');
  return { ...setup, releaseSession, renewalStarted };
}

describe('chat model', () => {
  it('streams an answer through submitted → streaming → ready and reports both messages', async () => {
    const { model, proxy, events } = setupModel();
    await model.activate();
    const streamOpened = proxy.nextStream();
    const sending = model.sendMessage('Hello');
    const stream = await streamOpened;
    const turn = model.chat.turns.value[0];
    expect(turn?.answer.value.status).toBe('submitted');
    expect(model.chat.busy.value).toBe(true);
    stream.delta('Hi ');
    await until(() => turn?.answer.value.text === 'Hi ');
    expect(turn?.answer.value.status).toBe('streaming');
    stream.delta('there');
    stream.end();
    await sending;
    expect(turn?.answer.value).toMatchObject({ status: 'ready', ending: 'complete', text: 'Hi there' });
    expect(model.chat.busy.value).toBe(false);
    expect(events.filter((event) => event.name === 'message').map((event) => event.detail)).toEqual([
      { role: 'user', text: 'Hello' },
      { role: 'assistant', text: 'Hi there', ending: 'complete', conversationId, messageId: expect.any(String) },
    ]);
    expect(proxy.requestsTo('POST', '/v1/chat-messages')[0]?.body).toEqual({ query: 'Hello', inputs: {}, response_mode: 'streaming' });
  });

  it('never sends a user field and authorises every call with the session token', async () => {
    const { model, proxy } = setupModel();
    const streamOpened = proxy.nextStream();
    const sending = model.sendMessage('Hi');
    (await streamOpened).end();
    await sending;
    const difyCalls = proxy.requests.filter((request) => request.path.startsWith('/v1/'));
    expect(difyCalls.length).toBeGreaterThan(3);
    for (const request of difyCalls) {
      expect(request.authorization).toBe('Bearer token-1');
      expect(request.body?.user).toBeUndefined();
      expect(request.query.has('user')).toBe(false);
    }
  });

  it('continues the conversation with its id and keeps it for the next page load', async () => {
    const store = createMemoryStore();
    const { model, proxy } = setupModel({ store });
    let streamOpened = proxy.nextStream();
    let sending = model.sendMessage('One');
    (await streamOpened).end();
    await sending;
    expect(model.chat.conversationId.value).toBe(conversationId);
    expect(store.getItem(storageKey(proxy.base, undefined))).toContain(conversationId);
    streamOpened = proxy.nextStream();
    sending = model.sendMessage('Two');
    (await streamOpened).end();
    await sending;
    expect(proxy.requestsTo('POST', '/v1/chat-messages')[1]?.body?.conversation_id).toBe(conversationId);
  });

  it('stops: aborts the request, keeps the partial answer and ends it as aborted, not as an error', async () => {
    const { model, proxy, events } = setupModel();
    const streamOpened = proxy.nextStream();
    const sending = model.sendMessage('Long story');
    const stream = await streamOpened;
    stream.delta('Once upon');
    await until(() => model.chat.status.value === 'streaming');
    model.chat.stop();
    await sending;
    expect(stream.aborted).toBe(true);
    expect(model.chat.turns.value[0]?.answer.value).toMatchObject({ status: 'ready', ending: 'aborted', text: 'Once upon' });
    expect(events.some((event) => event.name === 'error')).toBe(false);
    expect(events.at(-1)?.detail).toMatchObject({ role: 'assistant', ending: 'aborted' });
  });

  it('keeps the partial answer on a mid-stream error, and Retry asks again and replaces it', async () => {
    const { model, proxy, events } = setupModel();
    let streamOpened = proxy.nextStream();
    const sending = model.sendMessage('Question');
    const failing = await streamOpened;
    failing.delta('Partial');
    failing.fail('completion_request_error', 400, 'Model overloaded');
    await sending;
    const turn = model.chat.turns.value[0];
    expect(turn?.answer.value).toMatchObject({
      status: 'error',
      ending: 'failed',
      text: 'Partial',
      problem: { kind: 'interrupted', detail: 'Model overloaded' },
    });
    expect(events.find((event) => event.name === 'error')?.detail).toMatchObject({
      kind: 'interrupted',
      detail: expect.stringContaining('Model overloaded'),
    });
    streamOpened = proxy.nextStream();
    const retrying = model.chat.retry();
    expect(turn?.answer.value.status).toBe('submitted');
    const second = await streamOpened;
    second.delta('Full answer');
    second.end();
    await retrying;
    expect(model.chat.turns.value).toHaveLength(1);
    expect(turn?.answer.value).toMatchObject({ status: 'ready', text: 'Full answer' });
    expect(proxy.requestsTo('POST', '/v1/chat-messages')[1]?.body?.query).toBe('Question');
  });

  it('stops an answer that is still waiting for the visitor session, so no request goes out', async () => {
    const { model, proxy, releaseSession, renewalStarted } = await modelWithSlowRenewal();
    const sending = model.sendMessage('Hi');
    await renewalStarted();
    model.chat.stop();
    releaseSession();
    const answer = () => model.chat.turns.value[0]?.answer.value;
    await until(() => isSettled(answer()?.status ?? 'submitted') || proxy.streams.length > 0, 'the answer to settle or a stream to open');
    const liveStreams = proxy.streams.filter((stream) => !stream.aborted);
    for (const stream of liveStreams) stream.end();
    await sending;
    expect(liveStreams).toHaveLength(0);
    expect(answer()).toMatchObject({ status: 'ready', ending: 'aborted' });
  });

  it('drops a message that was waiting for the session when a new conversation starts', async () => {
    const { model, proxy, releaseSession, renewalStarted } = await modelWithSlowRenewal();
    const sending = model.sendMessage('Forget me');
    await renewalStarted();
    model.newConversation();
    releaseSession();
    const streamOpened = proxy.nextStream();
    const opened = await Promise.race([streamOpened, sending.then(() => undefined)]);
    opened?.end();
    await sending;
    expect(opened).toBeUndefined();
    expect(model.chat.conversationId.value).toBeUndefined();
    expect(model.chat.turns.value).toEqual([]);
  });

  it('calls a stream that ends without message_end a disconnect', async () => {
    const { model, proxy } = setupModel();
    const streamOpened = proxy.nextStream();
    const sending = model.sendMessage('Hi');
    const stream = await streamOpened;
    stream.delta('Half');
    stream.close();
    await sending;
    expect(model.chat.turns.value[0]?.answer.value).toMatchObject({ status: 'error', ending: 'disconnected', text: 'Half' });
  });

  it('reports a rate limit with the seconds to wait from Retry-After', async () => {
    const proxy = createFakeProxy();
    proxy.route('POST', '/v1/chat-messages', () =>
      json({ code: 'too_many_requests', message: 'Slow down.', status: 429 }, 429, { 'Retry-After': '42' }),
    );
    const { model, events } = setupModel({ proxy });
    await model.sendMessage('Hi');
    expect(model.chat.turns.value[0]?.answer.value.problem).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 42 });
    expect(events.find((event) => event.name === 'error')?.detail).toMatchObject({
      message: 'Too many messages right now. Try again in 42 seconds.',
    });
  });

  it('reports a network failure as offline', async () => {
    const proxy = createFakeProxy();
    proxy.route('POST', '/v1/chat-messages', () => {
      throw new TypeError('Failed to fetch');
    });
    const { model } = setupModel({ proxy });
    await model.sendMessage('Hi');
    expect(model.chat.turns.value[0]?.answer.value.problem).toMatchObject({ kind: 'offline', code: 'network_error' });
  });

  it('starts a new conversation once when the stored one no longer exists', async () => {
    const proxy = createFakeProxy();
    const store = createMemoryStore();
    store.setItem(
      storageKey(proxy.base, undefined),
      JSON.stringify({
        session: { token: 'token-old', user: 'anon-old', expiresAt: Date.now() / 1000 + 3600 },
        conversation: { id: 'gone', user: 'anon-old' },
      }),
    );
    proxy.route('GET', '/v1/messages', () => json({ limit: 20, has_more: false, data: [] }));
    let chatCalls = 0;
    proxy.route('POST', '/v1/chat-messages', (request) => {
      chatCalls += 1;
      if (request.body?.conversation_id === 'gone')
        return json({ code: 'not_found', message: 'Conversation Not Exists.', status: 404 }, 404);
      return new Response(
        `data: ${JSON.stringify({ event: 'message', conversation_id: 'fresh', id: 'm', answer: 'Hi' })}\n\ndata: ${JSON.stringify({ event: 'message_end', conversation_id: 'fresh', id: 'm' })}\n\n`,
        { headers: { 'Content-Type': 'text/event-stream' } },
      );
    });
    const { model, events } = setupModel({ proxy, store });
    await model.activate();
    expect(model.chat.conversationId.value).toBe('gone');
    // Every state the answer shows: the 404 is handled, never shown (or announced) as an error.
    const shown: string[] = [];
    const stopWatching = effect(() => void shown.push(model.chat.turns.value.at(-1)?.answer.value.status ?? 'none'));
    await model.sendMessage('Hello again');
    stopWatching();
    expect(chatCalls).toBe(2);
    expect(model.chat.conversationId.value).toBe('fresh');
    expect(model.chat.turns.value.at(-1)?.answer.value).toMatchObject({ status: 'ready', text: 'Hi' });
    expect(shown).not.toContain('error');
    expect(events.some((event) => event.name === 'error')).toBe(false);
  });

  it('ignores empty messages and messages sent while an answer is streaming', async () => {
    const { model, proxy } = setupModel();
    expect(await model.sendMessage('   ')).toBe('unavailable');
    const streamOpened = proxy.nextStream();
    const first = model.sendMessage('First');
    const stream = await streamOpened;
    expect(await model.sendMessage('Second')).toBe('unavailable');
    stream.end();
    await first;
    expect(proxy.requestsTo('POST', '/v1/chat-messages')).toHaveLength(1);
  });

  it('new conversation stops the answer, clears the turns and forgets the stored conversation', async () => {
    const store = createMemoryStore();
    const { model, proxy } = setupModel({ store });
    const streamOpened = proxy.nextStream();
    const sending = model.sendMessage('Hi');
    const stream = await streamOpened;
    stream.delta('x');
    await until(() => model.chat.conversationId.value !== undefined);
    model.newConversation();
    await sending;
    expect(stream.aborted).toBe(true);
    expect(model.chat.turns.value).toEqual([]);
    expect(model.chat.conversationId.value).toBeUndefined();
    expect(store.getItem(storageKey(proxy.base, undefined))).not.toContain(conversationId);
  });

  it('records like/dislike feedback and reports it', async () => {
    const proxy = createFakeProxy();
    proxy.route('POST', '/v1/messages/:id/feedbacks', () => json({ result: 'success' }));
    const { model, events } = setupModel({ proxy });
    const streamOpened = proxy.nextStream();
    const sending = model.sendMessage('Hi');
    (await streamOpened).end();
    await sending;
    const turn = model.chat.turns.value[0];
    if (!turn) throw new Error('no turn');
    await model.chat.rate(turn, 'like');
    expect(turn.rating.value).toBe('like');
    expect(proxy.requests.at(-1)).toMatchObject({ method: 'POST', body: { rating: 'like' } });
    expect(events.at(-1)).toMatchObject({ name: 'feedback', detail: { rating: 'like' } });
  });
});

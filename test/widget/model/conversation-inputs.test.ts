import { describe, expect, it } from 'vitest';
import { storageKey } from '../../../widget/core/persisted-state.ts';
import { createMemoryStore, type KeyValueStore } from '../../../widget/core/storage.ts';
import { conversationId, createFakeProxy, json, type FakeProxy } from '../fixtures/fake-proxy.ts';
import { setupModel } from '../fixtures/widget-model.ts';

// An app with a required input, as in dify-captures/1.13.3 (s2-chatflow-required): Dify checks it on every message.
const parameters = {
  opening_statement: '',
  suggested_questions: [],
  user_input_form: [
    { 'text-input': { variable: 'name', label: 'Name', required: true, default: '' } },
    { select: { variable: 'city', label: 'City', required: false, options: ['London', 'Paris'], default: 'Paris' } },
  ],
};

const inOneHour = () => Math.floor(Date.now() / 1000) + 3600;

function storeWith(proxy: FakeProxy, conversation: Record<string, unknown>): KeyValueStore {
  const store = createMemoryStore();
  proxy.acceptToken('token-a', 'anon-1');
  store.setItem(
    storageKey(proxy.base, undefined),
    JSON.stringify({ session: { token: 'token-a', user: 'anon-1', expiresAt: inOneHour() }, conversation }),
  );
  return store;
}

/** Sends a message and lets its answer complete; returns the `inputs` the widget sent. */
async function send(model: ReturnType<typeof setupModel>['model'], proxy: FakeProxy, text: string) {
  const streamOpened = proxy.nextStream();
  const sending = model.sendMessage(text);
  (await streamOpened).end();
  expect(await sending).toBe('sent');
  return proxy.requestsTo('POST', '/v1/chat-messages').at(-1)?.body?.inputs;
}

const historyItem = (inputs: unknown) => ({
  id: 'msg-1',
  conversation_id: conversationId,
  query: 'Hi',
  answer: 'Hello Ada',
  status: 'normal',
  inputs,
});

describe('the conversation’s inputs on every message', () => {
  it('sends the conversation’s inputs again after a reload, where the form shows its defaults again', async () => {
    const proxy = createFakeProxy({ parameters });
    const store = createMemoryStore();
    const first = setupModel({ proxy, store });
    await first.model.activate();
    first.model.setInputValue('name', 'Ada');
    first.model.setInputValue('city', 'London');
    await send(first.model, proxy, 'One');
    const reloaded = setupModel({ proxy, store });
    await reloaded.model.activate();
    expect(reloaded.model.chat.conversationId.value).toBe(conversationId);
    expect(await send(reloaded.model, proxy, 'Two')).toEqual({ name: 'Ada', city: 'London' });
    expect(proxy.requestsTo('POST', '/v1/chat-messages').at(-1)?.body?.conversation_id).toBe(conversationId);
  });

  it('takes them from the newest /messages item when none are stored (an older record, another device)', async () => {
    const proxy = createFakeProxy({ parameters });
    proxy.route('GET', '/v1/messages', () => json({ has_more: false, data: [historyItem({ name: 'Ada', city: null })] }));
    const { model } = setupModel({ proxy, store: storeWith(proxy, { id: conversationId, user: 'anon-1' }) });
    await model.activate();
    expect(await send(model, proxy, 'Again')).toEqual({ name: 'Ada' });
    expect(proxy.requestsTo('GET', '/v1/conversations')).toHaveLength(0);
  });

  it('takes them from /conversations when the messages carry none', async () => {
    const proxy = createFakeProxy({ parameters });
    proxy.route('GET', '/v1/messages', () => json({ has_more: false, data: [historyItem(undefined)] }));
    proxy.route('GET', '/v1/conversations', () =>
      json({
        has_more: false,
        data: [
          { id: 'other', inputs: { name: 'Bo' } },
          { id: conversationId, inputs: { name: 'Ada', city: 'London' } },
        ],
      }),
    );
    const { model, store } = setupModel({ proxy, store: storeWith(proxy, { id: conversationId, user: 'anon-1' }) });
    await model.activate();
    expect(await send(model, proxy, 'Again')).toEqual({ name: 'Ada', city: 'London' });
    // Learnt once: kept with the conversation for the next reload.
    expect(JSON.parse(store.getItem(storageKey(proxy.base, undefined)) ?? '{}').conversation.inputs).toEqual({
      name: 'Ada',
      city: 'London',
    });
  });

  it('puts the values the host page sets with setInputs on top of the conversation’s', async () => {
    const proxy = createFakeProxy({ parameters });
    const { model } = setupModel({
      proxy,
      store: storeWith(proxy, { id: conversationId, user: 'anon-1', inputs: { name: 'Ada', city: 'Paris' } }),
    });
    await model.activate();
    model.setInputs({ city: 'London', page: '/pricing' });
    expect(await send(model, proxy, 'Again')).toEqual({ name: 'Ada', city: 'London', page: '/pricing' });
  });

  it('sends the stored inputs on a restored conversation, and the form’s again after New conversation', async () => {
    const proxy = createFakeProxy({ parameters });
    const { model } = setupModel({ proxy, store: storeWith(proxy, { id: conversationId, user: 'anon-1', inputs: { name: 'Ada' } }) });
    await model.activate();
    expect(await send(model, proxy, 'Again')).toEqual({ name: 'Ada' });
    model.newConversation();
    model.setInputValue('name', 'Cy');
    expect(await send(model, proxy, 'Fresh')).toEqual({ name: 'Cy', city: 'Paris' });
  });
});

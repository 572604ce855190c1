import { describe, expect, it } from 'vitest';
import { asArray, asRecord, blockingChat, call, chatBody, keys, text, useSimulator } from './support.ts';

describe('per-user scoping', () => {
  const simulator = useSimulator();

  async function aliceConversation(): Promise<{ conversationId: string; messageId: string }> {
    const body = await blockingChat(simulator(), keys.chat, 'hello from alice');
    return { conversationId: text(body, 'conversation_id'), messageId: text(body, 'message_id') };
  }

  const notFound = { code: 'not_found', message: 'Conversation Not Exists.', status: 404 };

  it("bob gets 404 for alice's conversation in GET /messages", async () => {
    const { conversationId } = await aliceConversation();
    const { status, body } = await call(simulator(), keys.chat, 'GET', '/messages', {
      query: { user: 'bob', conversation_id: conversationId },
    });
    expect([status, body]).toEqual([404, notFound]);
  });

  it("bob gets the same 404 as for an unknown id when continuing alice's conversation", async () => {
    const { conversationId } = await aliceConversation();
    const foreign = await call(simulator(), keys.chat, 'POST', '/chat-messages', {
      json: chatBody('hi', { user: 'bob', conversation_id: conversationId, response_mode: 'blocking' }),
    });
    const unknown = await call(simulator(), keys.chat, 'POST', '/chat-messages', {
      json: chatBody('hi', { user: 'bob', conversation_id: crypto.randomUUID(), response_mode: 'blocking' }),
    });
    expect([foreign.status, foreign.body]).toEqual([404, notFound]);
    expect([unknown.status, unknown.body]).toEqual([404, notFound]);
  });

  it("bob cannot rename or delete alice's conversation", async () => {
    const { conversationId } = await aliceConversation();
    const rename = await call(simulator(), keys.chat, 'POST', `/conversations/${conversationId}/name`, {
      json: { name: 'mine', user: 'bob' },
    });
    const remove = await call(simulator(), keys.chat, 'DELETE', `/conversations/${conversationId}`, { json: { user: 'bob' } });
    expect([rename.status, rename.body]).toEqual([404, notFound]);
    expect([remove.status, remove.body]).toEqual([404, notFound]);
    const stillThere = await call(simulator(), keys.chat, 'GET', '/messages', {
      query: { user: 'alice', conversation_id: conversationId },
    });
    expect(stillThere.status).toBe(200);
  });

  it("bob gets 404 Message Not Exists for feedback and suggestions on alice's message", async () => {
    const { messageId } = await aliceConversation();
    const feedback = await call(simulator(), keys.chat, 'POST', `/messages/${messageId}/feedbacks`, {
      json: { rating: 'like', user: 'bob' },
    });
    const suggested = await call(simulator(), keys.chat, 'GET', `/messages/${messageId}/suggested`, { query: { user: 'bob' } });
    const missing = { code: 'not_found', message: 'Message Not Exists.', status: 404 };
    expect([feedback.status, feedback.body]).toEqual([404, missing]);
    expect([suggested.status, suggested.body]).toEqual([404, missing]);
  });

  it("bob's conversation list does not show alice's conversations", async () => {
    await aliceConversation();
    const { body } = await call(simulator(), keys.chat, 'GET', '/conversations', { query: { user: 'bob' } });
    expect(body).toEqual({ limit: 20, has_more: false, data: [] });
  });

  it('the same user string with another app key is another end user', async () => {
    const { conversationId } = await aliceConversation();
    const { status } = await call(simulator(), keys.chatRequired, 'GET', '/messages', {
      query: { user: 'alice', conversation_id: conversationId },
    });
    expect(status).toBe(404);
  });

  it('omitting an optional user means DEFAULT-USER, not everyone', async () => {
    await blockingChat(simulator(), keys.chat, 'as the default user', { user: 'DEFAULT-USER' });
    await aliceConversation();
    const { body } = await call(simulator(), keys.chat, 'GET', '/conversations');
    const data = asArray(asRecord(body)['data']);
    expect(data).toHaveLength(1);
    expect(asRecord(data[0])['name']).toBe('as the default user');
  });
});

import { describe, expect, it } from 'vitest';
import { asArray, asRecord, blockingChat, call, keys, text, useSimulator } from './support.ts';

describe('feedback and suggested questions', () => {
  const simulator = useSimulator();

  async function message(): Promise<{ conversationId: string; messageId: string }> {
    const body = await blockingChat(simulator(), keys.chat, 'rate me');
    return { conversationId: text(body, 'conversation_id'), messageId: text(body, 'message_id') };
  }

  async function feedbackOnList(conversationId: string): Promise<unknown> {
    const { body } = await call(simulator(), keys.chat, 'GET', '/messages', { query: { user: 'alice', conversation_id: conversationId } });
    return asRecord(asArray(asRecord(body)['data'])[0])['feedback'];
  }

  function rate(messageId: string, rating: unknown) {
    return call(simulator(), keys.chat, 'POST', `/messages/${messageId}/feedbacks`, { json: { rating, user: 'alice' } });
  }

  it('a like shows up on the message, a dislike replaces it, null removes it', async () => {
    const { conversationId, messageId } = await message();
    expect(await rate(messageId, 'like')).toMatchObject({ status: 200, body: { result: 'success' } });
    expect(await feedbackOnList(conversationId)).toEqual({ rating: 'like' });
    await rate(messageId, 'dislike');
    expect(await feedbackOnList(conversationId)).toEqual({ rating: 'dislike' });
    expect((await rate(messageId, null)).status).toBe(200);
    expect(await feedbackOnList(conversationId)).toBeNull();
  });

  it('null without existing feedback is a 400', async () => {
    const { messageId } = await message();
    const { status, body } = await rate(messageId, null);
    expect([status, body]).toEqual([
      400,
      { code: 'invalid_param', message: 'rating cannot be None when feedback not exists', status: 400 },
    ]);
  });

  it('an unknown rating is rejected and an unknown message is 404', async () => {
    const { messageId } = await message();
    expect((await rate(messageId, 'love')).status).toBe(400);
    const unknown = await rate(crypto.randomUUID(), 'like');
    expect([unknown.status, unknown.body]).toEqual([404, { code: 'not_found', message: 'Message Not Exists.', status: 404 }]);
  });

  it('feedback requires a user', async () => {
    const { messageId } = await message();
    const { status, body } = await call(simulator(), keys.chat, 'POST', `/messages/${messageId}/feedbacks`, { json: { rating: 'like' } });
    expect([status, body]).toEqual([400, { code: 'invalid_param', message: 'Arg user must be provided.', status: 400 }]);
  });

  it('feedback works on completion messages too and is listed by /app/feedbacks', async () => {
    const completion = await call(simulator(), keys.completion, 'POST', '/completion-messages', {
      json: { inputs: { topic: 'owls', tone: 'casual' }, user: 'alice', response_mode: 'blocking' },
    });
    const messageId = text(completion.body, 'message_id');
    const rated = await call(simulator(), keys.completion, 'POST', `/messages/${messageId}/feedbacks`, {
      json: { rating: 'like', content: 'nice', user: 'alice' },
    });
    expect(rated.status).toBe(200);
    const { body } = await call(simulator(), keys.completion, 'GET', '/app/feedbacks');
    expect(asArray(asRecord(body)['data'])).toEqual([
      expect.objectContaining({ message_id: messageId, rating: 'like', content: 'nice', from_source: 'user' }),
    ]);
  });

  it('suggests three follow-up questions for a message', async () => {
    const { messageId } = await message();
    const { status, body } = await call(simulator(), keys.chat, 'GET', `/messages/${messageId}/suggested`, { query: { user: 'alice' } });
    expect(status).toBe(200);
    expect(asRecord(body)['result']).toBe('success');
    const questions = asArray(asRecord(body)['data']);
    expect(questions).toHaveLength(3);
    for (const question of questions) expect(typeof question).toBe('string');
  });

  it('suggested questions require a user', async () => {
    const { messageId } = await message();
    const { status } = await call(simulator(), keys.chat, 'GET', `/messages/${messageId}/suggested`);
    expect(status).toBe(400);
  });
});

import { describe, expect, it } from 'vitest';
import { asArray, asRecord, blockingChat, call, chatBody, keys, request, text, useSimulator } from './support.ts';

describe('request validation', () => {
  const simulator = useSimulator();

  function chat(json: unknown, key: string = keys.chat) {
    return call(simulator(), key, 'POST', '/chat-messages', { json });
  }

  it('requires the JSON content type (415 unsupported_media_type)', async () => {
    const { status, body } = await call(simulator(), keys.chat, 'POST', '/chat-messages', {
      body: JSON.stringify(chatBody('hi')),
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(status).toBe(415);
    expect(body).toMatchObject({ code: 'unsupported_media_type', status: 415 });
  });

  it('rejects malformed JSON as a bad request', async () => {
    const { status, body } = await call(simulator(), keys.chat, 'POST', '/chat-messages', {
      body: '{"query": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'bad_request' });
  });

  it('requires inputs to be present (400 invalid_param)', async () => {
    const { status, body } = await chat({ query: 'hi', user: 'alice' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'invalid_param', message: expect.stringMatching(/inputs\n {2}Field required/) });
  });

  it('rejects an empty query with "query is required"', async () => {
    const { status, body } = await chat(chatBody('', { response_mode: 'blocking' }));
    expect([status, body]).toEqual([400, { code: 'invalid_param', message: 'query is required', status: 400 }]);
  });

  it('rejects a missing or empty user with "Arg user must be provided."', async () => {
    for (const user of [undefined, '']) {
      const { status, body } = await chat({ inputs: {}, query: 'hi', user });
      expect([status, body]).toEqual([400, { code: 'invalid_param', message: 'Arg user must be provided.', status: 400 }]);
    }
  });

  it('rejects an unknown response_mode', async () => {
    const { status, body } = await chat(chatBody('hi', { response_mode: 'fast' }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'invalid_param', message: expect.stringContaining('response_mode') });
  });

  it('rejects a conversation_id that is not a UUID', async () => {
    const { status, body } = await chat(chatBody('hi', { conversation_id: 'abc' }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'invalid_param', message: expect.stringContaining('conversation_id must be a valid UUID') });
  });

  it('treats a blank conversation_id as a new conversation', async () => {
    const body = await blockingChat(simulator(), keys.chat, 'fresh', { conversation_id: '  ' });
    expect(text(body, 'conversation_id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('requires required inputs: "<var> is required in input form"', async () => {
    const { status, body } = await chat(chatBody('hi', { response_mode: 'blocking' }), keys.chatRequired);
    expect([status, body]).toEqual([400, { code: 'invalid_param', message: 'name is required in input form', status: 400 }]);
    const accepted = await chat(chatBody('hi', { response_mode: 'blocking', inputs: { name: 'Ada' } }), keys.chatRequired);
    expect(accepted.status).toBe(200);
  });

  it('checks select options and max_length', async () => {
    const select = await chat(chatBody('hi', { response_mode: 'blocking', inputs: { language: 'Klingon' } }));
    expect(select.status).toBe(400);
    expect(select.body).toMatchObject({
      message: expect.stringMatching(/^language in input form must be one of the following: \['English'/),
    });
    const long = await chat(chatBody('hi', { response_mode: 'blocking', inputs: { name: 'x'.repeat(49) } }));
    expect([long.status, long.body]).toEqual([
      400,
      { code: 'invalid_param', message: 'name in input form must be less than 48 characters', status: 400 },
    ]);
  });

  it('validates completion inputs: required text, select, number', async () => {
    const complete = (inputs: Record<string, unknown>) =>
      call(simulator(), keys.completion, 'POST', '/completion-messages', { json: { inputs, user: 'alice', response_mode: 'blocking' } });
    expect((await complete({ tone: 'formal' })).body).toMatchObject({ message: 'topic is required in input form' });
    expect((await complete({ topic: 'owls' })).body).toMatchObject({ message: 'tone is required in input form' });
    expect((await complete({ topic: 'owls', tone: 'formal', words: 'many' })).body).toMatchObject({
      message: 'words in input form must be a valid number',
    });
    expect((await complete({ topic: 'owls', tone: 'formal', words: '80' })).status).toBe(200);
  });

  it('drops unknown input keys and fills defaults', async () => {
    const body = await blockingChat(simulator(), keys.chat, 'inputs', { inputs: { name: 'Ada', secret: 'drop me' } });
    const { body: list } = await call(simulator(), keys.chat, 'GET', '/conversations', { query: { user: 'alice' } });
    const conversation = asRecord(asArray(asRecord(list)['data'])[0]);
    expect(conversation['id']).toBe(body['conversation_id']);
    expect(conversation['inputs']).toEqual({ name: 'Ada', language: 'English' });
  });

  it("validates inputs on every message, follow-ups included, and keeps each turn's inputs (§4.1, captures 14-15)", async () => {
    const first = await blockingChat(simulator(), keys.chatRequired, 'first', { inputs: { name: 'Ada' } });
    const conversationId = text(first, 'conversation_id');
    const withoutInputs = await chat(chatBody('second', { response_mode: 'blocking', conversation_id: conversationId }), keys.chatRequired);
    expect([withoutInputs.status, withoutInputs.body]).toEqual([
      400,
      { code: 'invalid_param', message: 'name is required in input form', status: 400 },
    ]);
    const tooLong = await chat(
      chatBody('second', { response_mode: 'blocking', conversation_id: conversationId, inputs: { name: 'x'.repeat(100) } }),
      keys.chatRequired,
    );
    expect(tooLong.body).toMatchObject({ message: 'name in input form must be less than 48 characters' });
    const renamed = await chat(
      chatBody('third', { response_mode: 'blocking', conversation_id: conversationId, inputs: { name: 'Bob' } }),
      keys.chatRequired,
    );
    expect(renamed.status).toBe(200);
    const { body } = await call(simulator(), keys.chatRequired, 'GET', '/messages', {
      query: { user: 'alice', conversation_id: conversationId },
    });
    expect(asArray(asRecord(body)['data']).map((message) => asRecord(message)['inputs'])).toEqual([
      { name: 'Ada', language: 'English' },
      { name: 'Bob', language: 'English' },
    ]);
    const { body: list } = await call(simulator(), keys.chatRequired, 'GET', '/conversations', { query: { user: 'alice' } });
    expect(asRecord(asArray(asRecord(list)['data'])[0])['inputs']).toEqual({ name: 'Ada', language: 'English' });
  });

  it('counts only an absent key or null as missing: "" passes a required text input and fails a select (§4.1)', async () => {
    const empty = await chat(chatBody('hi', { response_mode: 'blocking', inputs: { name: '' } }), keys.chatRequired);
    expect(empty.status).toBe(200);
    const nulled = await chat(chatBody('hi', { response_mode: 'blocking', inputs: { name: null } }), keys.chatRequired);
    expect(nulled.body).toEqual({ code: 'invalid_param', message: 'name is required in input form', status: 400 });
    const select = await chat(chatBody('hi', { response_mode: 'blocking', inputs: { language: '' } }));
    expect(select.body).toMatchObject({ message: expect.stringMatching(/^language in input form must be one of the following: \[/) });
    const complete = await call(simulator(), keys.completion, 'POST', '/completion-messages', {
      json: { inputs: { topic: 'owls', tone: 'formal', words: '' }, user: 'alice', response_mode: 'blocking' },
    });
    expect(complete.status).toBe(200);
  });

  it('answers a 500 like Dify when the JSON body is not an object', async () => {
    const response = await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: ['not', 'an', 'object'] });
    expect(response.status).toBe(500);
  });
});

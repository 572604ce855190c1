import { describe, expect, it } from 'vitest';
import { asArray, asRecord, blockingChat, call, keys, text, useSimulator } from './support.ts';

describe('message history paging', () => {
  const simulator = useSimulator();

  async function conversationWith(count: number): Promise<{ conversationId: string; queries: string[] }> {
    const first = await blockingChat(simulator(), keys.chat, 'echo: message 1');
    const conversationId = text(first, 'conversation_id');
    const queries = ['echo: message 1'];
    for (let index = 2; index <= count; index += 1) {
      await blockingChat(simulator(), keys.chat, `echo: message ${index}`, { conversation_id: conversationId });
      queries.push(`echo: message ${index}`);
    }
    return { conversationId, queries };
  }

  async function page(conversationId: string, extra: Record<string, string> = {}) {
    const { status, body } = await call(simulator(), keys.chat, 'GET', '/messages', {
      query: { user: 'alice', conversation_id: conversationId, ...extra },
    });
    const data = asRecord(body)['data'];
    return { status, body: asRecord(body), queries: Array.isArray(data) ? data.map((item) => text(item, 'query')) : [] };
  }

  it('returns the newest page first, oldest to newest inside the page, with has_more', async () => {
    const { conversationId, queries } = await conversationWith(5);
    const newest = await page(conversationId, { limit: '2' });
    expect(newest.body['has_more']).toBe(true);
    expect(newest.body['limit']).toBe(2);
    expect(newest.queries).toEqual(queries.slice(3, 5));
    const firstId = text(asArray(newest.body['data'])[0], 'id');
    const older = await page(conversationId, { limit: '2', first_id: firstId });
    expect(older.queries).toEqual(queries.slice(1, 3));
    expect(older.body['has_more']).toBe(true);
    const oldest = await page(conversationId, { limit: '2', first_id: text(asArray(older.body['data'])[0], 'id') });
    expect(oldest.queries).toEqual(queries.slice(0, 1));
    expect(oldest.body['has_more']).toBe(false);
  });

  it('lists messages with feedback, retriever_resources, agent_thoughts, message_files and status', async () => {
    const { conversationId } = await conversationWith(1);
    const { body } = await page(conversationId);
    const item = asRecord(asArray(body['data'])[0]);
    // Keys in the order of capture 20 (a real 1.13.3 server).
    expect(Object.keys(item)).toEqual([
      'id',
      'conversation_id',
      'parent_message_id',
      'inputs',
      'query',
      'answer',
      'feedback',
      'retriever_resources',
      'created_at',
      'agent_thoughts',
      'message_files',
      'status',
      'error',
      'extra_contents',
    ]);
    expect(item).toEqual({
      id: expect.any(String),
      conversation_id: conversationId,
      parent_message_id: '00000000-0000-0000-0000-000000000000',
      inputs: { name: '', language: 'English' },
      query: 'echo: message 1',
      answer: 'message 1',
      feedback: null,
      retriever_resources: [],
      created_at: expect.any(Number),
      agent_thoughts: [],
      message_files: [],
      status: 'normal',
      error: null,
      extra_contents: [],
    });
  });

  it('gives every message the nil parent id, as the Service API does (§4.1)', async () => {
    const { conversationId } = await conversationWith(2);
    const { body } = await page(conversationId);
    for (const message of asArray(body['data'])) {
      expect(asRecord(message)['parent_message_id']).toBe('00000000-0000-0000-0000-000000000000');
    }
  });

  it('answers an empty page for an empty conversation_id', async () => {
    const { status, body } = await page('');
    expect([status, body]).toEqual([200, { limit: 20, has_more: false, data: [] }]);
  });

  it('rejects a limit outside 1–100', async () => {
    const { conversationId } = await conversationWith(1);
    for (const limit of ['0', '101', 'ten']) {
      const { status, body } = await page(conversationId, { limit });
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'invalid_param', message: expect.stringContaining('limit') });
    }
  });

  it('answers 404 for an unknown first_id', async () => {
    const { conversationId } = await conversationWith(1);
    const { status, body } = await page(conversationId, { first_id: crypto.randomUUID() });
    expect([status, body]).toEqual([404, { code: 'not_found', message: 'First Message Not Exists.', status: 404 }]);
  });
});

describe('conversation list paging', () => {
  const simulator = useSimulator();

  async function conversations(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 1; index <= count; index += 1) {
      ids.push(text(await blockingChat(simulator(), keys.chat, `topic ${index}`), 'conversation_id'));
    }
    return ids;
  }

  async function list(query: Record<string, string>) {
    const { status, body } = await call(simulator(), keys.chat, 'GET', '/conversations', { query: { user: 'alice', ...query } });
    return { status, body: asRecord(body), ids: status === 200 ? asArray(asRecord(body)['data']).map((item) => text(item, 'id')) : [] };
  }

  it('sorts by -updated_at by default and pages with last_id', async () => {
    const ids = await conversations(3);
    await blockingChat(simulator(), keys.chat, 'bump the first', { conversation_id: ids[0] });
    const first = await list({ limit: '2' });
    expect(first.ids).toEqual([ids[0], ids[2]]);
    expect(first.body['has_more']).toBe(true);
    const second = await list({ limit: '2', last_id: first.ids[1] ?? '' });
    expect(second.ids).toEqual([ids[1]]);
    expect(second.body['has_more']).toBe(false);
  });

  it('sorts by created_at ascending and descending on request', async () => {
    const ids = await conversations(3);
    expect((await list({ sort_by: 'created_at' })).ids).toEqual(ids);
    expect((await list({ sort_by: '-created_at' })).ids).toEqual([...ids].reverse());
  });

  it('rejects an invalid sort_by and an unknown last_id', async () => {
    await conversations(1);
    const badSort = await list({ sort_by: 'name' });
    expect(badSort.status).toBe(400);
    expect(badSort.body).toMatchObject({ code: 'invalid_param', message: expect.stringContaining('sort_by') });
    const badCursor = await list({ last_id: crypto.randomUUID() });
    expect(badCursor.status).toBe(404);
    expect(badCursor.body).toEqual({ code: 'not_found', message: 'Last Conversation Not Exists.', status: 404 });
  });

  it("names a conversation after its first query cut to 20 characters, then the model's title unless auto_generate_name is false (§7)", async () => {
    await blockingChat(simulator(), keys.chat, 'A rather long first question about gardening in small spaces');
    await blockingChat(simulator(), keys.chat, 'keep my name, please, it is long', { auto_generate_name: false });
    await blockingChat(simulator(), keys.chat, 'short one', { auto_generate_name: false });
    const { body } = await list({ sort_by: 'created_at' });
    const names = asArray(body['data']).map((item) => text(item, 'name'));
    expect(names[0]).toMatch(/^A rather long first question about garde/);
    expect(names[0]?.length).toBeLessThan(50);
    expect(names.slice(1)).toEqual(['keep my name, please…', 'short one']);
  });

  it('lists conversations with the SimpleConversation fields', async () => {
    await blockingChat(simulator(), keys.chat, 'fields', { inputs: { name: 'Ada' } });
    const { body } = await list({});
    expect(asRecord(asArray(body['data'])[0])).toEqual({
      id: expect.any(String),
      name: 'fields',
      inputs: { name: 'Ada', language: 'English' },
      status: 'normal',
      introduction: expect.stringContaining('demo assistant'),
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
    });
  });

  it('renames with a name or auto_generate and returns the conversation', async () => {
    const [id] = await conversations(1);
    const renamed = await call(simulator(), keys.chat, 'POST', `/conversations/${id}/name`, {
      json: { name: 'Garden plans', user: 'alice' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id, name: 'Garden plans' });
    const generated = await call(simulator(), keys.chat, 'POST', `/conversations/${id}/name`, {
      json: { auto_generate: true, user: 'alice' },
    });
    expect(generated.body).toMatchObject({ id, name: 'topic 1' });
    const missing = await call(simulator(), keys.chat, 'POST', `/conversations/${id}/name`, { json: { name: '  ', user: 'alice' } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      code: 'invalid_param',
      message: expect.stringContaining('name is required when auto_generate is false'),
    });
  });

  it('deletes with 204 and an empty body, after which the conversation is gone', async () => {
    const [id] = await conversations(1);
    const response = await call(simulator(), keys.chat, 'DELETE', `/conversations/${id}`, { json: { user: 'alice' } });
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    expect((await list({})).ids).toEqual([]);
    const again = await call(simulator(), keys.chat, 'DELETE', `/conversations/${id}`, { json: { user: 'alice' } });
    expect(again.status).toBe(404);
  });

  it('requires the JSON content type on delete even though user is optional', async () => {
    const [id] = await conversations(1);
    const { status, body } = await call(simulator(), keys.chat, 'DELETE', `/conversations/${id}`);
    expect(status).toBe(415);
    expect(body).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('answers 404 for a non-UUID conversation path', async () => {
    const { status } = await call(simulator(), keys.chat, 'DELETE', '/conversations/not-a-uuid', { json: { user: 'alice' } });
    expect(status).toBe(404);
  });
});

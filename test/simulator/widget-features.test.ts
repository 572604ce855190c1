import { describe, expect, it } from 'vitest';
import { asArray, asRecord, call, sseFrames, request, useSimulator } from './support.ts';

const keys = { workflow: 'app-test-wf-json', completion: 'app-test-more', chat: 'app-test-chat-names' };

const simulator = useSimulator({
  apps: [
    { key: keys.workflow, mode: 'workflow', jsonInput: true },
    { key: keys.completion, mode: 'completion', moreLikeThis: true },
    { key: keys.chat, mode: 'chat' },
  ],
});

describe('what the widget’s drawer, workflow view and completion extras rely on', () => {
  it('a json_object input: listed in /parameters, an object accepted and given back in the outputs, anything else refused', async () => {
    const parameters = asRecord((await call(simulator(), keys.workflow, 'GET', '/parameters')).body);
    expect(asArray(parameters['user_input_form'])).toContainEqual({
      json_object: { type: 'json_object', variable: 'settings', label: 'Settings', required: false },
    });
    const refused = await call(simulator(), keys.workflow, 'POST', '/workflows/run', {
      json: { inputs: { query: 'x', settings: 'tone=calm' }, user: 'u1', response_mode: 'blocking' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'invalid_param', message: 'settings in input form must be a dict' });

    const response = await request(simulator(), keys.workflow, 'POST', '/workflows/run', {
      json: { inputs: { query: 'Harbour', settings: { tone: 'calm' } }, user: 'u1', response_mode: 'streaming' },
    });
    const frames = [];
    for await (const frame of sseFrames(response)) frames.push(frame);
    const chunks = frames.filter((frame) => frame.data?.['event'] === 'text_chunk');
    expect(chunks.length).toBeGreaterThan(1);
    const finished = frames.find((frame) => frame.data?.['event'] === 'workflow_finished');
    const outputs = asRecord(asRecord(finished?.data?.['data'])['outputs']);
    const streamed = chunks.map((frame) => String(asRecord(frame.data?.['data'])['text'])).join('');
    expect(outputs).toEqual({ text: streamed, settings: { tone: 'calm' }, word_count: streamed.split(/\s+/).filter(Boolean).length });
  });

  it('more_like_this follows the app, off by default', async () => {
    const on = asRecord((await call(simulator(), keys.completion, 'GET', '/parameters')).body);
    const off = asRecord((await call(simulator(), keys.chat, 'GET', '/parameters')).body);
    expect(on['more_like_this']).toEqual({ enabled: true });
    expect(off['more_like_this']).toEqual({ enabled: false });
  });

  it('conversations: titled by the model after the first answer; newest first, paged by last_id; rename; delete 204', async () => {
    const ask = async (query: string) =>
      call(simulator(), keys.chat, 'POST', '/chat-messages', { json: { query, inputs: {}, user: 'u2', response_mode: 'blocking' } });
    await ask('A question longer than twenty chars');
    await ask('second');
    await ask('third');
    const list = async (query: Record<string, string>) =>
      asRecord((await call(simulator(), keys.chat, 'GET', '/conversations', { query: { user: 'u2', ...query } })).body);
    const first = await list({ limit: '2' });
    expect(asArray(first['data']).map((item) => asRecord(item)['name'])).toEqual(['third', 'second']);
    expect(first['has_more']).toBe(true);
    const lastId = String(asRecord(asArray(first['data'])[1])['id']);
    const second = await list({ limit: '2', last_id: lastId });
    expect(second['has_more']).toBe(false);
    const oldest = asRecord(asArray(second['data'])[0]);
    // Blocking chat messages title the conversation after the answer (auto_generate_name defaults to true).
    expect(oldest['name']).toBe('A question longer than twenty chars');

    const renamed = await call(simulator(), keys.chat, 'POST', `/conversations/${String(oldest['id'])}/name`, {
      json: { name: 'Mine', user: 'u2' },
    });
    expect(asRecord(renamed.body)['name']).toBe('Mine');
    const generated = await call(simulator(), keys.chat, 'POST', `/conversations/${String(oldest['id'])}/name`, {
      json: { auto_generate: true, user: 'u2' },
    });
    expect(asRecord(generated.body)['name']).toBe('A question longer than twenty chars');
    const deleted = await call(simulator(), keys.chat, 'DELETE', `/conversations/${String(oldest['id'])}`, { json: { user: 'u2' } });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect(asArray((await list({}))['data'])).toHaveLength(2);
  });
});

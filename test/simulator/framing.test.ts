import { describe, expect, it } from 'vitest';
import { allFrames, asArray, asRecord, call, chatBody, keys, nextStreamEnd, payloads, request, useSimulator } from './support.ts';

describe('chat stream framing', () => {
  const simulator = useSimulator();

  it('sends only "data: {compact json}" frames separated by blank lines, and no [DONE]', async () => {
    const response = await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('Tell me about testing') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const raw = await response.text();
    expect(raw.endsWith('\n\n')).toBe(true);
    expect(raw).not.toContain('[DONE]');
    const frames = raw.slice(0, -2).split('\n\n');
    expect(frames.length).toBeGreaterThan(3);
    for (const frame of frames) {
      expect(frame).toMatch(/^data: \{.*\}$/);
      const json = frame.slice('data: '.length);
      expect(JSON.stringify(JSON.parse(json))).toBe(json);
    }
  });

  it('puts envelope keys first in Dify order and ends with message_end', async () => {
    const response = await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('Order please') });
    const events = payloads(await allFrames(response));
    const message = events[0];
    expect(Object.keys(message ?? {})).toEqual([
      'event',
      'conversation_id',
      'message_id',
      'created_at',
      'task_id',
      'id',
      'answer',
      'from_variable_selector',
    ]);
    const end = asRecord(events.at(-1));
    expect(Object.keys(end)).toEqual(['event', 'conversation_id', 'message_id', 'created_at', 'task_id', 'id', 'metadata', 'files']);
    expect(end['event']).toBe('message_end');
    expect(events.slice(0, -1).every((event) => event['event'] === 'message')).toBe(true);
    const ids = new Set(
      events.map((event) => `${String(event['conversation_id'])}|${String(event['message_id'])}|${String(event['task_id'])}`),
    );
    expect(ids.size).toBe(1);
    expect(message?.['id']).toBe(message?.['message_id']);
    expect(Number.isInteger(message?.['created_at'])).toBe(true);
    expect(String(message?.['created_at'])).toHaveLength(10);
  });

  it('reports usage with prices as strings and retriever resources in message_end', async () => {
    const response = await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('Prices please') });
    const end = asRecord(payloads(await allFrames(response)).at(-1));
    const metadata = asRecord(end['metadata']);
    const usage = asRecord(metadata['usage']);
    for (const price of [
      'prompt_unit_price',
      'prompt_price_unit',
      'prompt_price',
      'completion_unit_price',
      'completion_price',
      'total_price',
    ]) {
      expect(typeof usage[price]).toBe('string');
    }
    expect(Number.isInteger(usage['total_tokens'])).toBe(true);
    expect(usage['currency']).toBe('USD');
    expect(typeof usage['latency']).toBe('number');
    expect(asArray(metadata['retriever_resources']).length).toBeGreaterThan(0);
  });

  it('concatenated message deltas equal the answer stored for the message', async () => {
    const response = await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('Stored answer') });
    const events = payloads(await allFrames(response));
    const streamed = events
      .filter((event) => event['event'] === 'message')
      .map((event) => String(event['answer']))
      .join('');
    const conversationId = String(events[0]?.['conversation_id']);
    const listed = await call(simulator(), keys.chat, 'GET', '/messages', { query: { user: 'alice', conversation_id: conversationId } });
    const [stored] = asArray(asRecord(listed.body)['data']);
    expect(asRecord(stored)['answer']).toBe(streamed);
  });

  it('answers the first frame of a new conversation with its conversation id and reports completion', async () => {
    const ended = nextStreamEnd(simulator());
    const response = await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('First') });
    const events = payloads(await allFrames(response));
    expect(events[0]?.['conversation_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await ended).toEqual({ taskId: events[0]?.['task_id'], reason: 'completed' });
  });
});

describe('keep-alive pings', () => {
  const simulator = useSimulator({ pingIntervalMs: 20 });

  it('sends "event: ping" frames without data while the model is idle', async () => {
    const response = await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('scenario: slow') });
    const raw = await response.text();
    expect(raw).toContain('event: ping\n\n');
    expect(raw).not.toMatch(/event: ping\ndata/);
    expect(raw.split('\n\n').filter((frame) => frame.startsWith('data: ')).length).toBeGreaterThan(2);
  });
});

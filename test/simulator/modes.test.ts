import { describe, expect, it } from 'vitest';
import { allFrames, asArray, asRecord, call, chatBody, eventNames, keys, payloads, request, useSimulator } from './support.ts';

describe('event sequences per app mode', () => {
  const simulator = useSimulator();

  it('agent-chat sends an empty thought at position 1, updates it with a tool and observation, then agent_message deltas', async () => {
    const response = await request(simulator(), keys.agent, 'POST', '/chat-messages', { json: chatBody('What time is it?') });
    const events = payloads(await allFrames(response));
    const names = events.map((event) => event['event']);
    expect(names[0]).toBe('agent_thought');
    expect(names).toContain('agent_message');
    expect(names).not.toContain('message');
    expect(names.at(-1)).toBe('message_end');
    const thoughts = events.filter((event) => event['event'] === 'agent_thought');
    const first = thoughts[0] ?? {};
    expect(first).toMatchObject({ position: 1, thought: '', tool: '', observation: '' });
    expect(Object.keys(first).slice(0, 5)).toEqual(['event', 'conversation_id', 'message_id', 'created_at', 'task_id']);
    const updates = thoughts.filter((thought) => thought['id'] === first['id']);
    expect(updates.at(-1)).toMatchObject({ position: 1, tool: 'current_time' });
    expect(String(updates.at(-1)?.['observation'])).not.toBe('');
    const answer = events
      .filter((event) => event['event'] === 'agent_message')
      .map((event) => String(event['answer']))
      .join('');
    expect(answer).toContain('It is');
  });

  it('agent-chat rejects blocking mode', async () => {
    const { status, body } = await call(simulator(), keys.agent, 'POST', '/chat-messages', {
      json: chatBody('hi', { response_mode: 'blocking' }),
    });
    expect(status).toBe(400);
    expect(body).toEqual({ code: 'invalid_param', message: 'Agent Chat App does not support blocking mode', status: 400 });
  });

  it('agent-chat stores its thoughts on the message', async () => {
    const events = payloads(await allFrames(await request(simulator(), keys.agent, 'POST', '/chat-messages', { json: chatBody('hello') })));
    const conversationId = String(events[0]?.['conversation_id']);
    const { body } = await call(simulator(), keys.agent, 'GET', '/messages', { query: { user: 'alice', conversation_id: conversationId } });
    const [message] = asArray(asRecord(body)['data']);
    expect(asRecord(message)['agent_thoughts']).toEqual([
      expect.objectContaining({ position: 1, tool: 'current_time' }),
      expect.objectContaining({ position: 2, thought: asRecord(message)['answer'] }),
    ]);
  });

  it('advanced-chat starts with a ping, wraps message deltas in workflow and node events, and ends message_end then workflow_finished (§4.5)', async () => {
    const response = await request(simulator(), keys.chatflow, 'POST', '/chat-messages', { json: chatBody('How does it work?') });
    const frames = await allFrames(response);
    expect(frames[0]).toMatchObject({ event: 'ping', data: undefined });
    const events = payloads(frames);
    const names = events.map((event) => String(event['event']));
    expect(names.slice(0, 4)).toEqual(['workflow_started', 'node_started', 'node_finished', 'node_started']);
    expect(names.slice(-2)).toEqual(['message_end', 'workflow_finished']);
    const firstMessage = names.indexOf('message');
    expect(firstMessage).toBeGreaterThan(3);
    expect(names.slice(firstMessage, names.lastIndexOf('message') + 1).every((name) => name === 'message')).toBe(true);
    const started = events[0] ?? {};
    expect(Object.keys(started)).toEqual(['event', 'conversation_id', 'message_id', 'created_at', 'task_id', 'workflow_run_id', 'data']);
    const message = events[firstMessage] ?? {};
    expect(message['from_variable_selector']).toEqual([expect.any(String), 'text']);
    const finished = asRecord(events.at(-1)?.['data']);
    expect(finished).toMatchObject({ status: 'succeeded', id: started['workflow_run_id'] });
  });

  it('advanced-chat run can be read back from GET /workflows/run/:id', async () => {
    const events = payloads(
      await allFrames(await request(simulator(), keys.chatflow, 'POST', '/chat-messages', { json: chatBody('run') })),
    );
    const runId = String(events[0]?.['workflow_run_id']);
    const { status, body } = await call(simulator(), keys.chatflow, 'GET', `/workflows/run/${runId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: runId, status: 'succeeded' });
  });

  it('completion frames carry no conversation_id and the blocking body has none either', async () => {
    const json = { inputs: { topic: 'tea', tone: 'formal' }, user: 'alice', response_mode: 'streaming' };
    const events = payloads(await allFrames(await request(simulator(), keys.completion, 'POST', '/completion-messages', { json })));
    expect(events.map((event) => event['event']).at(-1)).toBe('message_end');
    expect(Object.keys(events[0] ?? {})).toEqual([
      'event',
      'message_id',
      'created_at',
      'task_id',
      'id',
      'answer',
      'from_variable_selector',
    ]);
    for (const event of events) expect(event).not.toHaveProperty('conversation_id');
    const blocking = await call(simulator(), keys.completion, 'POST', '/completion-messages', {
      json: { ...json, response_mode: 'blocking' },
    });
    expect(blocking.status).toBe(200);
    expect(Object.keys(asRecord(blocking.body))).toEqual([
      'event',
      'task_id',
      'id',
      'message_id',
      'mode',
      'answer',
      'metadata',
      'created_at',
    ]);
    expect(blocking.body).toMatchObject({ event: 'message', mode: 'completion', answer: expect.stringContaining('tea') });
  });

  it('blocking chat answers with the full message in Dify key order', async () => {
    const { status, body } = await call(simulator(), keys.chat, 'POST', '/chat-messages', {
      json: chatBody('Hello', { response_mode: 'blocking' }),
    });
    expect(status).toBe(200);
    expect(Object.keys(asRecord(body))).toEqual([
      'event',
      'task_id',
      'id',
      'message_id',
      'conversation_id',
      'mode',
      'answer',
      'metadata',
      'created_at',
    ]);
    expect(body).toMatchObject({ event: 'message', mode: 'chat' });
  });

  it('response_mode defaults to blocking, answered as Dify builds it: charset, no trailing newline (capture 09)', async () => {
    const { status, response, body } = await call(simulator(), keys.chat, 'POST', '/chat-messages', {
      json: { inputs: {}, query: 'default mode', user: 'alice' },
    });
    expect(status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(body).toMatchObject({ event: 'message' });
  });

  it('workflow run streams workflow_started, text_chunk deltas and ends with workflow_finished', async () => {
    const json = { inputs: { query: 'echo: a workflow answer' }, user: 'alice', response_mode: 'streaming' };
    const frames = await allFrames(await request(simulator(), keys.workflow, 'POST', '/workflows/run', { json }));
    const names = eventNames(frames);
    expect(names[0]).toBe('workflow_started');
    expect(names.at(-1)).toBe('workflow_finished');
    const events = payloads(frames);
    expect(Object.keys(events[0] ?? {})).toEqual(['event', 'workflow_run_id', 'task_id', 'data']);
    const text = events
      .filter((event) => event['event'] === 'text_chunk')
      .map((event) => String(asRecord(event['data'])['text']))
      .join('');
    expect(text).toBe('a workflow answer');
    expect(asRecord(events.at(-1)?.['data'])).toMatchObject({ status: 'succeeded', outputs: { text: 'a workflow answer' } });
  });

  it('workflow run in blocking mode returns the run summary', async () => {
    const { status, body } = await call(simulator(), keys.workflow, 'POST', '/workflows/run', {
      json: { inputs: { query: 'summarise' }, user: 'alice', response_mode: 'blocking' },
    });
    expect(status).toBe(200);
    expect(Object.keys(asRecord(body))).toEqual(['task_id', 'workflow_run_id', 'data']);
    expect(asRecord(asRecord(body)['data'])).toMatchObject({ status: 'succeeded', outputs: { text: expect.any(String) } });
  });

  it('a failing workflow run is a 200 with status failed in blocking mode', async () => {
    const { status, body } = await call(simulator(), keys.workflow, 'POST', '/workflows/run', {
      json: { inputs: { query: 'scenario: error-midstream' }, user: 'alice' },
    });
    expect(status).toBe(200);
    expect(asRecord(asRecord(body)['data'])).toMatchObject({ status: 'failed', error: expect.any(String) });
  });
});

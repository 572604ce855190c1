/**
 * Chatflow and workflow streams as Dify runs them in a worker (dify-api.md §4.3, §4.5, §11.1): one ping
 * first, the response ends right after `workflow_finished`, a failed run ends with `workflow_finished`
 * `failed` and no `error` frame, and a request the worker rejects gets the 200 and then silence (1.13, 1.14)
 * or one bare error frame (main) until the relay's idle close.
 */
import { describe, expect, it } from 'vitest';
import type { DifyVersion } from '../../demo/simulator/index.ts';
import { allFrames, asRecord, call, chatBody, keys, payloads, request, text, useSimulator } from './support.ts';

const required = 'app-test-chatflow-required';
const workflowRequest = (query: string): Record<string, unknown> => ({ inputs: { query }, user: 'alice', response_mode: 'streaming' });

function dataOf(body: string): Record<string, unknown>[] {
  return body
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => asRecord(JSON.parse(frame.slice('data: '.length))));
}

describe('chatflow and workflow streams run in a worker', () => {
  const simulator = useSimulator({ workerIdleCloseMs: 50 });

  it('a chatflow stream starts with one "event: ping" and the response ends right after workflow_finished (§4.3)', async () => {
    const response = await request(simulator(), keys.chatflow, 'POST', '/chat-messages', { json: chatBody('echo: hi') });
    const body = await response.text();
    expect(body.startsWith('event: ping\n\ndata: {"event":"workflow_started",')).toBe(true);
    const events = dataOf(body);
    expect(events.map((event) => event['event']).slice(-2)).toEqual(['message_end', 'workflow_finished']);
    expect(body.endsWith(`data: ${JSON.stringify(events.at(-1))}\n\n`)).toBe(true);
  });

  it('a workflow stream starts with one ping and ends at workflow_finished (§11.1)', async () => {
    const response = await request(simulator(), keys.workflow, 'POST', '/workflows/run', { json: workflowRequest('echo: hi') });
    const body = await response.text();
    expect(body.startsWith('event: ping\n\ndata: {"event":"workflow_started","workflow_run_id":')).toBe(true);
    expect(dataOf(body).at(-1)).toMatchObject({ event: 'workflow_finished', data: { status: 'succeeded', outputs: { text: 'hi' } } });
  });

  it('a failing LLM node ends a chatflow with workflow_finished "failed" and data.error: no error frame, no message_end (§4.5)', async () => {
    const response = await request(simulator(), keys.chatflow, 'POST', '/chat-messages', { json: chatBody('scenario: error-midstream') });
    const events = dataOf(await response.text());
    const names = events.map((event) => event['event']);
    expect(names).not.toContain('error');
    expect(names).not.toContain('message_end');
    expect(names.slice(-2)).toEqual(['node_finished', 'workflow_finished']);
    const failure = asRecord(events.at(-1)?.['data']);
    expect(asRecord(events.at(-2)?.['data'])).toMatchObject({ node_type: 'llm', status: 'failed', error: failure['error'] });
    expect(failure).toMatchObject({
      status: 'failed',
      outputs: {},
      exceptions_count: 1,
      error: expect.stringContaining('Model invocation failed'),
    });
  });

  it('scenario: node-fail fails the HTTP Request node as capture 62 shows', async () => {
    const response = await request(simulator(), keys.chatflow, 'POST', '/chat-messages', { json: chatBody('scenario: node-fail') });
    const events = dataOf(await response.text());
    expect(events.map((event) => event['event'])).toEqual([
      'workflow_started',
      'node_started',
      'node_finished',
      'node_started',
      'node_finished',
      'workflow_finished',
    ]);
    expect(asRecord(events[4]?.['data'])).toMatchObject({
      node_type: 'http-request',
      status: 'failed',
      error: '[Errno 111] Connection refused',
      process_data: { request: 'GET /refused HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n' },
    });
    expect(asRecord(events[5]?.['data'])).toMatchObject({ status: 'failed', error: '[Errno 111] Connection refused', total_steps: 2 });
  });

  it('a failed run in blocking mode: chatflow 400 "Run failed: …", workflow 200 with status failed (§4.2, §11.1)', async () => {
    const chatflow = await call(simulator(), keys.chatflow, 'POST', '/chat-messages', {
      json: chatBody('scenario: node-fail', { response_mode: 'blocking' }),
    });
    expect([chatflow.status, chatflow.body]).toEqual([
      400,
      { code: 'invalid_param', message: 'Run failed: [Errno 111] Connection refused', status: 400 },
    ]);
    const workflow = await call(simulator(), keys.workflow, 'POST', '/workflows/run', {
      json: { ...workflowRequest('scenario: node-fail'), response_mode: 'blocking' },
    });
    expect(workflow.status).toBe(200);
    expect(asRecord(asRecord(workflow.body)['data'])).toMatchObject({ status: 'failed', error: '[Errno 111] Connection refused' });
  });

  it('a stalled chatflow (the worker never picks it up) gets its first ping and then nothing until the idle close', async () => {
    const response = await request(simulator(), keys.chatflow, 'POST', '/chat-messages', { json: chatBody('scenario: stall') });
    expect(await response.text()).toBe('event: ping\n\n');
  });
});

describe.each<{ dify: DifyVersion; after: (message: string) => string }>([
  { dify: '1.13', after: () => '' },
  { dify: '1.14', after: () => '' },
  { dify: 'main', after: (message) => `data: {"event":"error","message":"${message}","status":500}\n\n` },
])('a streaming request the worker rejects, on $dify (§4.3 step 5)', ({ dify, after }) => {
  const simulator = useSimulator({
    dify,
    workerIdleCloseMs: 50,
    apps: [
      { key: keys.chatflow, mode: 'advanced-chat' },
      { key: required, mode: 'advanced-chat', requiredInputs: true },
      { key: keys.workflow, mode: 'workflow' },
    ],
  });

  it('a missing required input: the 200, one ping, then what the worker publishes, then the idle close', async () => {
    const response = await request(simulator(), required, 'POST', '/chat-messages', { json: chatBody('hi') });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    expect(await response.text()).toBe(`event: ping\n\n${after('audience is required in input form')}`);
  });

  it('the same request in blocking mode is the HTTP error', async () => {
    const { status, body } = await call(simulator(), required, 'POST', '/chat-messages', {
      json: chatBody('hi', { response_mode: 'blocking' }),
    });
    expect([status, body]).toEqual([400, { code: 'invalid_param', message: 'audience is required in input form', status: 400 }]);
  });

  it('an empty query, and a workflow without its required input, end the same way', async () => {
    const empty = await request(simulator(), keys.chatflow, 'POST', '/chat-messages', { json: chatBody('') });
    expect(await empty.text()).toBe(`event: ping\n\n${after('query is required')}`);
    const workflow = await request(simulator(), keys.workflow, 'POST', '/workflows/run', {
      json: { inputs: {}, user: 'alice', response_mode: 'streaming' },
    });
    expect(await workflow.text()).toBe(`event: ping\n\n${after('query is required in input form')}`);
  });
});

describe('an unknown or foreign conversation_id on advanced-chat (§4.1)', () => {
  const unknown = '00000000-0000-4000-8000-000000000000';

  describe.each<DifyVersion>(['1.13', '1.14'])('on %s', (dify) => {
    const simulator = useSimulator({ dify, workerIdleCloseMs: 50 });

    it('streaming is rejected in the worker (ping, then silence), blocking is the 404', async () => {
      const streamed = await request(simulator(), keys.chatflow, 'POST', '/chat-messages', {
        json: chatBody('hi', { conversation_id: unknown }),
      });
      expect(await streamed.text()).toBe('event: ping\n\n');
      const blocking = await call(simulator(), keys.chatflow, 'POST', '/chat-messages', {
        json: chatBody('hi', { conversation_id: unknown, response_mode: 'blocking' }),
      });
      expect(blocking.status).toBe(404);
      expect(blocking.body).toMatchObject({ code: 'not_found', message: expect.stringMatching(/^Conversation Not Exists\./) });
    });
  });

  describe('on main', () => {
    const simulator = useSimulator({ dify: 'main' });

    it("starts a new conversation without an error, streaming and blocking, also for another user's id", async () => {
      const streamed = payloads(
        await allFrames(
          await request(simulator(), keys.chatflow, 'POST', '/chat-messages', { json: chatBody('hi', { conversation_id: unknown }) }),
        ),
      );
      expect(streamed.map((event) => event['event'])).toContain('workflow_finished');
      const started = text(streamed[0], 'conversation_id');
      expect(started).not.toBe(unknown);
      const foreign = await call(simulator(), keys.chatflow, 'POST', '/chat-messages', {
        json: chatBody('hi', { user: 'bob', conversation_id: started, response_mode: 'blocking' }),
      });
      expect(foreign.status).toBe(200);
      expect(text(foreign.body, 'conversation_id')).not.toBe(started);
    });

    it('chat apps still answer 404 for an unknown conversation', async () => {
      const { status } = await call(simulator(), keys.chat, 'POST', '/chat-messages', {
        json: chatBody('hi', { conversation_id: unknown, response_mode: 'blocking' }),
      });
      expect(status).toBe(404);
    });
  });
});

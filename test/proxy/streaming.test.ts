import { afterEach, describe, expect, it } from 'vitest';
import type { StopRecord, StreamEndRecord } from '../../demo/simulator/index.ts';
import { field, postJson } from '../helpers/api.ts';
import { mintSession } from '../helpers/session.ts';
import { dataEvents, parseEventStream, readStream, waitForEvent } from '../helpers/sse.ts';
import { startStack, type Stack, type StackOptions } from '../helpers/stack.ts';

let stack: Stack | undefined;

afterEach(async () => {
  if (stack !== undefined) {
    const logText = stack.logs.lines().join('\n');
    for (const key of Object.values(stack.keys)) expect(logText).not.toContain(key);
    await stack.close();
  }
  stack = undefined;
});

/** A fetch that records every byte of every event-stream body Dify sends to the proxy. */
function recordingFetch(upstreamBodies: Buffer[][]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.body === null || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) return response;
    const [forProxy, forTest] = response.body.tee();
    const chunks: Buffer[] = [];
    upstreamBodies.push(chunks);
    void (async () => {
      const reader = forTest.getReader();
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done === true || value === undefined) break;
        chunks.push(Buffer.from(value));
      }
    })();
    return new Response(forProxy, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

async function begin(options: StackOptions = {}) {
  stack = await startStack(options);
  const session = await mintSession(stack.urls.proxy);
  return { stack, session };
}

function chat(running: Stack, token: string, query: string, signal?: AbortSignal, extra: Record<string, unknown> = {}) {
  return postJson(running.urls.proxy, '/v1/chat-messages', token, { query, inputs: {}, response_mode: 'streaming', ...extra }, {}, signal);
}

describe('streaming pass-through', () => {
  it("delivers Dify's bytes unchanged, with SSE headers that defeat buffering", async () => {
    const upstreamBodies: Buffer[][] = [];
    const { stack: running, session } = await begin({ fetch: recordingFetch(upstreamBodies) });
    const response = await chat(running, session.token, 'echo: Grüße, 世界! Ünïcödé split across chunks 🎉', undefined, {});
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('content-encoding')).toBeNull();
    const received = Buffer.from(await response.arrayBuffer());
    expect(upstreamBodies).toHaveLength(1);
    const sent = Buffer.concat(upstreamBodies[0] ?? []);
    expect(sent.length).toBeGreaterThan(0);
    expect(received.equals(sent)).toBe(true);
    const answer = dataEvents(received.toString('utf8'))
      .filter((event) => event['event'] === 'message')
      .map((event) => field(event, 'answer'))
      .join('');
    expect(answer).toBe('Grüße, 世界! Ünïcödé split across chunks 🎉');
  });

  it('delivers the first event while Dify is still generating', async () => {
    const upstreamBodies: Buffer[][] = [];
    const { stack: running, session } = await begin({ fetch: recordingFetch(upstreamBodies), simulator: { pingIntervalMs: 100 } });
    const ended: StreamEndRecord[] = [];
    running.simulator.events.on('stream-end', (record: StreamEndRecord) => ended.push(record));
    const response = await chat(running, session.token, 'scenario: slow');
    const reader = readStream(response);
    const first = await reader.until((event) => event['event'] === 'message');
    expect(ended).toEqual([]);
    const taskId = field(first, 'task_id');
    const rest = await reader.rest();
    expect(ended).toEqual([{ taskId, reason: 'completed' }]);
    expect(rest.equals(Buffer.concat(upstreamBodies[0] ?? []))).toBe(true);
    expect(rest.toString('utf8')).toContain('event: ping');
  });

  it('learns the task, conversation and usage as the stream passes and logs them without the text', async () => {
    const { stack: running, session } = await begin();
    const marker = 'zebra-marker-3141';
    const response = await chat(running, session.token, `echo: ${marker}`);
    const events = dataEvents(await response.text());
    const end = events.find((event) => event['event'] === 'message_end');
    const logged = await running.logs.waitFor((entry) => entry['msg'] === 'request' && entry['endpoint'] === 'chat-messages');
    expect(logged['stream']).toMatchObject({
      end: 'completed',
      taskId: field(end, 'task_id'),
      conversationId: field(end, 'conversation_id'),
      terminalEvent: 'message_end',
    });
    expect(logged['stream']).toHaveProperty('totalTokens', expect.any(Number));
    expect(running.logs.lines().join('\n')).not.toContain(marker);
  });
});

describe('when Dify fails during a stream', () => {
  it("passes Dify's own error event through and ends the stream", async () => {
    const { stack: running, session } = await begin();
    const response = await chat(running, session.token, 'scenario: error-midstream');
    expect(response.status).toBe(200);
    const events = dataEvents(await response.text());
    const errors = events.filter((event) => event['event'] === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.['message']).toMatch(/\[simulated\]/);
    expect(events.some((event) => event['event'] === 'message')).toBe(true);
  });

  it('adds its own Dify-shaped error event when the connection drops, then ends cleanly', async () => {
    const { stack: running, session } = await begin();
    const response = await chat(running, session.token, 'scenario: drop');
    expect(response.status).toBe(200);
    const events = dataEvents(await response.text());
    const last = events.at(-1);
    expect(last).toMatchObject({ event: 'error', status: 502, code: 'upstream_stream_broken' });
    expect(typeof last?.['message']).toBe('string');
    expect(last?.['conversation_id']).toBe(events[0]?.['conversation_id']);
    expect(events.filter((event) => event['event'] === 'message').length).toBeGreaterThan(0);
  });

  it('sends heartbeats while Dify is silent, then an idle-timeout error event, and aborts upstream', async () => {
    const { stack: running, session } = await begin({ timeouts: { idleTimeoutMs: 400, heartbeatMs: 60 } });
    const stalled = waitForEvent<StreamEndRecord>(running.simulator.events, 'stream-end', () => true);
    const response = await chat(running, session.token, 'scenario: stall');
    const text = await response.text();
    const { events, comments } = parseEventStream(text);
    expect(comments.length).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)?.json).toMatchObject({ event: 'error', status: 504, code: 'upstream_timeout' });
    expect((await stalled).reason).toBe('stalled');
  });
});

describe('when the visitor leaves mid-answer', () => {
  it('aborts the upstream request and asks Dify to stop the task for the same user', async () => {
    const { stack: running, session } = await begin({ simulator: { pingIntervalMs: 100 } });
    const controller = new AbortController();
    const response = await chat(running, session.token, 'scenario: slow', controller.signal);
    const first = await readStream(response).until((event) => event['event'] === 'message');
    const taskId = field(first, 'task_id');
    const closed = waitForEvent<StreamEndRecord>(running.simulator.events, 'stream-end', (record) => record.taskId === taskId);
    const stopped = waitForEvent<StopRecord>(running.simulator.events, 'stop', (record) => record.taskId === taskId);
    controller.abort();
    // The proxy aborts the upstream request and calls stop at once; which Dify notices first is a race,
    // and either way the generation ended before its answer did.
    expect(['client-closed', 'stopped']).toContain((await closed).reason);
    const stop = await stopped;
    expect(stop.user).toBe(session.user);
    expect(stop.honoured).toBe(true);
    const logged = await running.logs.waitFor((entry) => entry['msg'] === 'request' && entry['endpoint'] === 'chat-messages');
    expect(logged).toMatchObject({ aborted: true, stream: { end: 'visitor-gone', taskId } });
  });

  it('still stops the task when the visitor leaves before the first event', async () => {
    const { stack: running, session } = await begin({ simulator: { pingIntervalMs: 100 } });
    const controller = new AbortController();
    const stopped = waitForEvent<StopRecord>(running.simulator.events, 'stop', () => true);
    const response = await chat(running, session.token, 'scenario: slow', controller.signal);
    expect(response.status).toBe(200);
    controller.abort();
    const stop = await stopped;
    expect(stop.user).toBe(session.user);
    expect(running.simulator.requests.filter((request) => request.path.endsWith('/stop'))).toHaveLength(1);
  });

  it('does not call stop when the answer already finished', async () => {
    const { stack: running, session } = await begin();
    const response = await chat(running, session.token, 'echo: done');
    await response.text();
    const second = await chat(running, session.token, 'echo: also done');
    await second.text();
    expect(running.simulator.requests.filter((request) => request.path.endsWith('/stop'))).toHaveLength(0);
  });
});

describe('graceful shutdown', () => {
  it('ends open streams with an error event, aborts upstream and stops the task', async () => {
    const { stack: running, session } = await begin({ simulator: { pingIntervalMs: 100 } });
    const response = await chat(running, session.token, 'scenario: slow');
    const reader = readStream(response);
    const first = await reader.until((event) => event['event'] === 'message');
    const taskId = field(first, 'task_id');
    const stopped = waitForEvent<StopRecord>(running.simulator.events, 'stop', (record) => record.taskId === taskId);
    expect(running.app.activeStreams()).toBe(1);
    await running.app.drain();
    const events = dataEvents((await reader.rest()).toString('utf8'));
    expect(events.at(-1)).toMatchObject({ event: 'error', code: 'server_shutdown', status: 503, task_id: taskId });
    expect((await stopped).user).toBe(session.user);
    expect(running.app.activeStreams()).toBe(0);
  });
});

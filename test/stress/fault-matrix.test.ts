import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/api.ts';
import { listen } from '../helpers/listen.ts';
import { startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { mintSession } from '../helpers/session.ts';
import { dataEvents, readStream } from '../helpers/sse.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { startStubUpstream, type StubRequest, type StubUpstream } from '../helpers/stub-upstream.ts';

// Every way Dify (or Redis) can fail a generation, each followed by the same check: the visitor's two
// stream slots are free again, the proxy relays nothing and nothing is still generating upstream.

let stack: Stack | undefined;
let proxy: RunningProxy | undefined;
let upstream: StubUpstream | undefined;
let redis: TestRedis | undefined;

afterEach(async () => {
  await stack?.close();
  await proxy?.close();
  await upstream?.close();
  await redis?.close();
  stack = undefined;
  proxy = undefined;
  upstream = undefined;
  redis = undefined;
});

const limits = { streamsPerVisitor: 2, streamsPerIp: 100 };
const difyError = { code: expect.any(String), message: expect.any(String), status: expect.any(Number) };

function chat(baseUrl: string, token: string, query: string, signal?: AbortSignal): Promise<Response> {
  return postJson(baseUrl, '/v1/chat-messages', token, { query, inputs: {}, response_mode: 'streaming' }, {}, signal);
}

/**
 * The visitor can hold two streams at once again: two `hold` streams both answer 200 and send their first
 * words (a slot still held by the fault would make the second a 429). Both are then left.
 */
async function twoStreamsStart(baseUrl: string, token: string, holdQuery: string): Promise<void> {
  const controllers = [new AbortController(), new AbortController()];
  const responses = await Promise.all(controllers.map((controller) => chat(baseUrl, token, holdQuery, controller.signal)));
  expect(responses.map((response) => response.status)).toEqual([200, 200]);
  await Promise.all(responses.map((response) => readStream(response).until((event) => event['event'] === 'message')));
  for (const controller of controllers) controller.abort();
}

async function settled(running: { activeStreams(): number }, generating: () => number = () => 0): Promise<void> {
  await expect.poll(() => running.activeStreams(), { timeout: 15_000 }).toBe(0);
  await expect.poll(generating, { timeout: 15_000 }).toBe(0);
}

const frame = (json: Record<string, unknown>) => `data: ${JSON.stringify(json)}\n\n`;

/** A Dify stand-in: an empty form, stops accepted, `hold` streams one word and stays open, the rest per `fault`. */
function stubDify(fault: (request: StubRequest, res: ServerResponse) => void) {
  return (request: StubRequest, res: ServerResponse) => {
    if (request.url.startsWith('/v1/parameters')) {
      res.setHeader('Content-Type', 'application/json');
      return void res.end('{"user_input_form": []}');
    }
    if (request.url.endsWith('/stop')) {
      res.setHeader('Content-Type', 'application/json');
      return void res.end('{"result": "success"}');
    }
    const query = String(Reflect.get(Object(JSON.parse(request.body || '{}')), 'query'));
    if (query !== 'hold') return fault(request, res);
    res.setHeader('Content-Type', 'text/event-stream');
    res.write(frame({ event: 'message', task_id: 't-hold', message_id: 'm-hold', conversation_id: 'c-hold', answer: 'Hi', created_at: 1 }));
  };
}

async function withStub(fault: (request: StubRequest, res: ServerResponse) => void, overrides: Record<string, unknown> = {}) {
  upstream = await startStubUpstream(stubDify(fault));
  proxy = await startProxy(testConfig(upstream.url, { limits, ...overrides }));
  return { running: proxy, session: await mintSession(proxy.url) };
}

describe('the fault matrix', () => {
  it('drop mid-stream: an upstream_stream_broken error event, then the end', async () => {
    stack = await startStack({ limits });
    const session = await mintSession(stack.urls.proxy);
    const response = await chat(stack.urls.proxy, session.token, 'scenario: drop');
    expect(response.status).toBe(200);
    const events = dataEvents(await response.text());
    expect(events.at(-1)).toMatchObject({ event: 'error', status: 502, code: 'upstream_stream_broken' });
    const running = stack;
    await settled(running.app, () => running.simulator.generating());
    await twoStreamsStart(running.urls.proxy, session.token, 'scenario: hold');
    await settled(running.app, () => running.simulator.generating());
    console.info(`[stress] fault drop: ${events.length} events, last ${String(events.at(-1)?.['code'])}`);
  });

  it('stall after headers: an upstream_timeout error event after the idle timeout, then the end', async () => {
    stack = await startStack({ limits, timeouts: { idleTimeoutMs: 400, heartbeatMs: 100 } });
    const session = await mintSession(stack.urls.proxy);
    const response = await chat(stack.urls.proxy, session.token, 'scenario: stall');
    expect(response.status).toBe(200);
    const events = dataEvents(await response.text());
    expect(events.at(-1)).toMatchObject({ event: 'error', status: 504, code: 'upstream_timeout' });
    const running = stack;
    await settled(running.app, () => running.simulator.generating());
    await twoStreamsStart(running.urls.proxy, session.token, 'scenario: hold');
    await settled(running.app, () => running.simulator.generating());
    console.info(`[stress] fault stall-after-headers: last event ${String(events.at(-1)?.['code'])}`);
  });

  it("error event mid-stream: Dify's error passed through as the last event", async () => {
    stack = await startStack({ limits });
    const session = await mintSession(stack.urls.proxy);
    const response = await chat(stack.urls.proxy, session.token, 'scenario: error-midstream');
    expect(response.status).toBe(200);
    const events = dataEvents(await response.text());
    expect(events.at(-1)).toMatchObject({ event: 'error', message: expect.stringContaining('[simulated]') });
    const running = stack;
    await settled(running.app, () => running.simulator.generating());
    await twoStreamsStart(running.urls.proxy, session.token, 'scenario: hold');
    await settled(running.app, () => running.simulator.generating());
    console.info('[stress] fault error-midstream: error event passed through');
  });

  it("stall before headers: 504 upstream_timeout in Dify's shape", async () => {
    const { running, session } = await withStub(() => undefined, { timeouts: { headersTimeoutMs: 300 } });
    const response = await chat(running.url, session.token, 'anything');
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ ...difyError, code: 'upstream_timeout', status: 504 });
    await settled(running.app);
    await twoStreamsStart(running.url, session.token, 'hold');
    await settled(running.app);
    console.info('[stress] fault stall-before-headers: 504 upstream_timeout');
  });

  for (const status of [400, 429, 500, 503]) {
    it(`a ${status} before streaming: passed on in Dify's shape`, async () => {
      const body = { code: status === 400 ? 'invalid_param' : 'internal_server_error', message: `fault ${status}`, status };
      const { running, session } = await withStub((_request, res) => {
        res.statusCode = status;
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(body));
      });
      const response = await chat(running.url, session.token, 'anything');
      expect(response.status).toBe(status);
      const json: unknown = await response.json();
      expect(json).toMatchObject(difyError);
      await settled(running.app);
      await twoStreamsStart(running.url, session.token, 'hold');
      await settled(running.app);
      console.info(`[stress] fault ${status} before streaming: ${response.status} ${JSON.stringify(json)}`);
    });
  }

  it('connection refused: 502 upstream_unreachable, and no slot kept by the failures', async () => {
    const closed = await listen((_req, res) => res.end());
    const deadUrl = `${closed.url}/v1`;
    await closed.close();
    proxy = await startProxy(testConfig(deadUrl, { limits }));
    const session = await mintSession(proxy.url);
    const statuses: number[] = [];
    // Five in a row and two at once: a slot kept by any failure would turn a later one into a 429.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await chat(proxy.url, session.token, 'anything');
      expect(await response.json()).toMatchObject({ ...difyError, code: 'upstream_unreachable', status: 502 });
      statuses.push(response.status);
    }
    const pair = await Promise.all([chat(proxy.url, session.token, 'a'), chat(proxy.url, session.token, 'b')]);
    for (const response of pair) await response.arrayBuffer();
    statuses.push(...pair.map((response) => response.status));
    expect(statuses).toEqual([502, 502, 502, 502, 502, 502, 502]);
    await settled(proxy.app);
    console.info(`[stress] fault connection refused: ${statuses.length} × 502`);
  });

  it('Redis down: 503 shared_state_unavailable, and the slots are free once it is back', async () => {
    redis = await startRedis();
    stack = await startStack({ limits, redisUrl: redis.url });
    const session = await mintSession(stack.urls.proxy);
    await redis.stop();
    const response = await chat(stack.urls.proxy, session.token, 'scenario: hold');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ...difyError, code: 'shared_state_unavailable', status: 503 });
    const running = stack;
    await settled(running.app, () => running.simulator.generating());
    await redis.start();
    await expect.poll(async () => (await fetch(`${running.urls.proxy}/readyz`)).status, { timeout: 20_000 }).toBe(200);
    await twoStreamsStart(running.urls.proxy, session.token, 'scenario: hold');
    await settled(running.app, () => running.simulator.generating());
    console.info('[stress] fault Redis down: 503 shared_state_unavailable, slots free after it returned');
  });
});

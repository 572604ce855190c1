import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/api.ts';
import { startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';
import { mintSession } from '../helpers/session.ts';
import { dataEvents } from '../helpers/sse.ts';
import { startStubUpstream, type StubRequest, type StubUpstream } from '../helpers/stub-upstream.ts';

// Bodies recorded from a real Dify 1.13.3 (dify-captures/1.13.3/exchanges, same file names).
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const succeededChatflow = fixture('01-chatflow-echo-streaming.sse');
const failedChatflow = fixture('62-chatflow-http-fail-streaming.sse');
const pingThenSilence = fixture('10-required-missing-streaming.sse');
const requiredNameForm = fixture('25-parameters-required.json');

const taskId = '46dab81c-df40-4c5c-9352-06b2950efbc5';
const errorAfterStart =
  'event: ping\n\n' +
  `data: {"event":"workflow_started","conversation_id":"c1","message_id":"m1","created_at":1,"task_id":"${taskId}","workflow_run_id":"r1","data":{"id":"r1"}}\n\n` +
  'data: {"event":"error","conversation_id":"c1","message_id":"m1","created_at":1,"code":"completion_request_error","status":400,"message":"model refused"}\n\n';

let upstream: StubUpstream | undefined;
let proxy: RunningProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
  proxy = undefined;
  upstream = undefined;
});

/** Streams `body` and then keeps the connection open, as Dify's worker relay does for up to 300 s. */
function streamAndHold(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
  res.write(body);
}

function chatflowDify(request: StubRequest, res: ServerResponse): void {
  res.setHeader('Content-Type', 'application/json');
  if (request.url.startsWith('/v1/parameters')) return void res.end(requiredNameForm);
  if (request.url.endsWith('/stop')) return void res.end('{"result": "success"}');
  const query = String(JSON.parse(request.body).query);
  if (query === 'busy') {
    res.statusCode = 400;
    return void res.end(
      '{"code": "invalid_param", "message": "Too many requests. Please try again later. The current maximum concurrent requests allowed for app-1 is 1.", "status": 400}',
    );
  }
  const bodies: Record<string, string> = { echo: succeededChatflow, fail: failedChatflow, silent: pingThenSilence, error: errorAfterStart };
  streamAndHold(res, bodies[query] ?? pingThenSilence);
}

async function start(timeouts: Record<string, number> = {}) {
  upstream = await startStubUpstream(chatflowDify);
  const base = testConfig(`${upstream.url}`, { timeouts: { idleTimeoutMs: 30_000, ...timeouts }, limits: { streamsPerVisitor: 1 } });
  proxy = await startProxy({ ...base, apps: base.apps.map((app) => ({ ...app, mode: 'advanced-chat' as const })) });
  const session = await mintSession(proxy.url);
  const chat = (query: string, inputs: Record<string, unknown> = { name: 'Ada' }, responseMode = 'streaming') =>
    postJson(proxy?.url ?? '', '/v1/chat-messages', session.token, { query, inputs, response_mode: responseMode });
  return { session, chat, running: upstream };
}

describe('a chatflow stream ends when its answer does, not when Dify closes the connection', () => {
  it('closes after workflow_finished and frees the slot, though Dify keeps the connection open', async () => {
    const { chat } = await start();
    const events = dataEvents(await (await chat('echo')).text());
    expect(events.map((event) => event['event']).slice(-2)).toEqual(['message_end', 'workflow_finished']);
    expect((await chat('echo')).status).toBe(200);
  });

  it('passes a failed run on as Dify ends it, with workflow_finished failed and no error frame of its own', async () => {
    const { chat } = await start();
    const events = dataEvents(await (await chat('fail')).text());
    expect(events.at(-1)).toMatchObject({ event: 'workflow_finished', data: { status: 'failed' } });
    expect(events.some((event) => event['event'] === 'error')).toBe(false);
  });

  it('ends the stream at an error frame, stops the task for the same user and frees the slot', async () => {
    const { chat, session, running } = await start();
    const events = dataEvents(await (await chat('error')).text());
    expect(events.at(-1)).toMatchObject({ event: 'error', code: 'completion_request_error' });
    const stops = running.requests.filter((request) => request.url === `/v1/chat-messages/${taskId}/stop`);
    expect(stops.map((request) => JSON.parse(request.body))).toEqual([{ user: session.user }]);
    expect((await chat('echo')).status).toBe(200);
  });

  it('gives a stream that falls silent after its ping a clear error long before the idle timeout', async () => {
    const { chat } = await start({ firstEventTimeoutMs: 300 });
    const events = dataEvents(await (await chat('silent')).text());
    expect(events.at(-1)).toMatchObject({ event: 'error', status: 504, code: 'upstream_timeout' });
    expect(String(events.at(-1)?.['message'])).toContain('did not start answering');
  });
});

describe('what Dify refuses in silence, the proxy refuses in words', () => {
  it("answers a message without a required input with Dify's own 400, and Dify generates nothing", async () => {
    const { chat, running } = await start();
    for (const responseMode of ['streaming', 'blocking']) {
      const response = await chat('echo', {}, responseMode);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ code: 'invalid_param', message: 'name is required in input form', status: 400 });
    }
    expect(running.requests.filter((request) => request.url === '/v1/chat-messages')).toHaveLength(0);
  });

  it('answers an empty query with 400 query is required', async () => {
    const { chat } = await start();
    const response = await chat('');
    expect(await response.json()).toEqual({ code: 'invalid_param', message: 'query is required', status: 400 });
  });

  it("turns Dify's per-app concurrency refusal (a 400) into a 429 with Retry-After", async () => {
    const { chat } = await start();
    const response = await chat('busy');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).not.toBeNull();
    expect(await response.json()).toMatchObject({ code: 'too_many_requests', status: 429 });
  });
});

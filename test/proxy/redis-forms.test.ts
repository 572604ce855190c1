import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { getJson, postJson } from '../helpers/api.ts';
import { startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { mintSession } from '../helpers/session.ts';
import { dataEvents } from '../helpers/sse.ts';
import { startStubUpstream, type StubRequest, type StubUpstream } from '../helpers/stub-upstream.ts';

// A chatflow pausing at a Human Input node (dify-api.md §4.5, §11.2); the form is answered through another instance.
const envelope = '"conversation_id":"c1","message_id":"m1","created_at":1,"task_id":"t1","workflow_run_id":"run-1"';
const form =
  '{"form_id":"f-1","node_id":"n1","node_title":"Approve","form_content":"Approve the refund?","inputs":[],' +
  '"actions":[{"id":"approve","title":"Approve","button_style":"primary"}],"display_in_ui":true,"form_token":"tok-1",' +
  `"resolved_default_values":{},"expiration_time":${Math.floor(Date.now() / 1000) + 3600}}`;

function pausingDify(request: StubRequest, res: ServerResponse): void {
  if (request.url.startsWith('/v1/chat-messages')) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
    res.write(
      `data: {"event":"workflow_started",${envelope},"data":{"id":"run-1","reason":"initial"}}\n\n` +
        `data: {"event":"human_input_required",${envelope},"data":${form}}\n\n` +
        `data: {"event":"workflow_paused",${envelope},"data":{"workflow_run_id":"run-1","reasons":[],"status":"paused"}}\n\n`,
    );
    return;
  }
  res.setHeader('Content-Type', 'application/json');
  if (request.url.startsWith('/v1/parameters')) return void res.end('{"user_input_form": []}');
  res.end(request.url.startsWith('/v1/form/human_input/') && request.method === 'GET' ? '{"form_content": "Approve the refund?"}' : '{}');
}

let redis: TestRedis | undefined;
let upstream: StubUpstream | undefined;
const proxies: RunningProxy[] = [];

afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  await upstream?.close();
  await redis?.close();
  upstream = undefined;
  redis = undefined;
});

describe('receipts shared in Redis', () => {
  it('lets the visitor answer a form received through A on B, and still refuses another visitor there', async () => {
    redis = await startRedis();
    upstream = await startStubUpstream(pausingDify);
    const base = testConfig(upstream.url, { redisUrl: redis.url });
    const config = { ...base, apps: base.apps.map((app) => ({ ...app, mode: 'advanced-chat' as const })) };
    proxies.push(await startProxy(config), await startProxy(config));
    const [a, b] = proxies.map((proxy) => proxy.url);
    if (a === undefined || b === undefined) throw new Error('two instances expected');
    const alice = await mintSession(a);
    const bob = await mintSession(b);
    const chat = await postJson(a, '/v1/chat-messages', alice.token, { query: 'refund please', inputs: {}, response_mode: 'streaming' });
    expect(dataEvents(await chat.text()).at(-1)).toMatchObject({ event: 'workflow_paused' });

    expect((await getJson(b, '/v1/form/human_input/tok-1', bob.token)).status).toBe(404);
    expect((await postJson(b, '/v1/form/human_input/tok-1', bob.token, { inputs: {}, action: 'approve' })).status).toBe(404);
    expect(upstream.requests.filter((request) => request.url.startsWith('/v1/form/'))).toHaveLength(0);

    expect((await getJson(b, '/v1/form/human_input/tok-1', alice.token)).status).toBe(200);
    const answer = await postJson(b, '/v1/form/human_input/tok-1', alice.token, { inputs: {}, action: 'approve' });
    expect(answer.status).toBe(200);
    const submitted = upstream.requests.find((request) => request.method === 'POST' && request.url === '/v1/form/human_input/tok-1');
    expect(JSON.parse(submitted?.body ?? '{}')).toEqual({ inputs: {}, action: 'approve', user: alice.user });
  });
});

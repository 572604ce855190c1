import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { getJson, postJson } from '../helpers/api.ts';
import { startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';
import { bearer, mintSession } from '../helpers/session.ts';
import { dataEvents } from '../helpers/sse.ts';
import { startStubUpstream, type StubRequest, type StubUpstream } from '../helpers/stub-upstream.ts';

// A chatflow pausing at a Human Input node (dify-api.md §4.5, §11.2): one form, then workflow_paused.
const envelope = '"conversation_id":"c1","message_id":"m1","created_at":1,"task_id":"t1","workflow_run_id":"run-1"';
const form = (token: string) =>
  `{"form_id":"f-${token}","node_id":"n1","node_title":"Approve","form_content":"Approve the refund?","inputs":[],` +
  `"actions":[{"id":"approve","title":"Approve","button_style":"primary"}],"display_in_ui":true,"form_token":"${token}",` +
  `"resolved_default_values":{},"expiration_time":${Math.floor(Date.now() / 1000) + 3600}}`;
const pause = (token: string) =>
  'event: ping\n\n' +
  `data: {"event":"workflow_started",${envelope},"data":{"id":"run-1","reason":"initial"}}\n\n` +
  `data: {"event":"human_input_required",${envelope},"data":${form(token)}}\n\n` +
  `data: {"event":"workflow_paused",${envelope},"data":{"workflow_run_id":"run-1","reasons":[{"TYPE":"human_input_required",${form(token).slice(1)}],"status":"paused"}}\n\n`;

let upstream: StubUpstream | undefined;
let proxy: RunningProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
  proxy = undefined;
  upstream = undefined;
});

function pausingDify(request: StubRequest, res: ServerResponse): void {
  if (request.url.startsWith('/v1/chat-messages') || request.url.startsWith('/v1/workflow/run-1/events')) {
    // Dify keeps the connection open after the pause; the proxy must end it.
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
    res.write(pause(request.url.startsWith('/v1/workflow') ? 'tok-second' : 'tok-first'));
    return;
  }
  res.setHeader('Content-Type', 'application/json');
  if (request.url.startsWith('/v1/parameters')) return void res.end('{"user_input_form": []}');
  if (request.url.startsWith('/v1/form/human_input/')) {
    return void res.end(request.method === 'GET' ? '{"form_content": "Approve the refund?", "inputs": [], "user_actions": []}' : '{}');
  }
  res.end('{}');
}

async function start() {
  upstream = await startStubUpstream(pausingDify);
  const base = testConfig(upstream.url);
  proxy = await startProxy({ ...base, apps: base.apps.map((app) => ({ ...app, mode: 'advanced-chat' as const })) });
  const [alice, bob] = [await mintSession(proxy.url), await mintSession(proxy.url)];
  return { alice, bob, url: proxy.url, running: upstream };
}

describe('human-input forms of a paused chatflow', () => {
  it('ends the stream at workflow_paused and lets the visitor who received the form read and answer it', async () => {
    const { alice, url, running } = await start();
    const chat = await postJson(url, '/v1/chat-messages', alice.token, { query: 'refund please', inputs: {}, response_mode: 'streaming' });
    expect(dataEvents(await chat.text()).at(-1)).toMatchObject({ event: 'workflow_paused' });
    expect((await getJson(url, '/v1/form/human_input/tok-first', alice.token)).status).toBe(200);
    const answer = await postJson(url, '/v1/form/human_input/tok-first', alice.token, {
      inputs: { note: 'ok' },
      action: 'approve',
      user: 'someone-else',
    });
    expect(answer.status).toBe(200);
    const submitted = running.requests.find((request) => request.method === 'POST' && request.url === '/v1/form/human_input/tok-first');
    expect(JSON.parse(submitted?.body ?? '{}')).toEqual({ inputs: { note: 'ok' }, action: 'approve', user: alice.user });
  });

  it("answers another visitor's or an unknown form token with Dify's 404, and asks Dify nothing", async () => {
    const { alice, bob, url, running } = await start();
    await (
      await postJson(url, '/v1/chat-messages', alice.token, { query: 'refund please', inputs: {}, response_mode: 'streaming' })
    ).text();
    for (const [token, who] of [
      ['tok-first', bob],
      ['tok-unknown', alice],
    ] as const) {
      const read = await getJson(url, `/v1/form/human_input/${token}`, who.token);
      const answer = await postJson(url, `/v1/form/human_input/${token}`, who.token, { inputs: {}, action: 'approve' });
      expect([read.status, answer.status]).toEqual([404, 404]);
      expect(await answer.json()).toEqual({ code: 'not_found', message: 'Form not found', status: 404 });
    }
    expect(running.requests.filter((request) => request.url.startsWith('/v1/form/'))).toHaveLength(0);
  });

  it('follows the resumed run as the visitor, and binds a form it pauses at again', async () => {
    const { alice, url, running } = await start();
    const events = await fetch(`${url}/v1/workflow/run-1/events?include_state_snapshot=true&continue_on_pause=true&user=mallory`, {
      headers: bearer(alice.token),
    });
    expect(dataEvents(await events.text()).at(-1)).toMatchObject({ event: 'workflow_paused' });
    const followed = running.requests.find((request) => request.url.startsWith('/v1/workflow/run-1/events'));
    expect(new URL(followed?.url ?? '', 'http://dify').searchParams.toString()).toBe(`include_state_snapshot=true&user=${alice.user}`);
    expect((await getJson(url, '/v1/form/human_input/tok-second', alice.token)).status).toBe(200);
  });

  it('keeps the form endpoints closed on chat apps', async () => {
    upstream = await startStubUpstream(pausingDify);
    proxy = await startProxy(testConfig(upstream.url));
    const visitor = await mintSession(proxy.url);
    expect((await getJson(proxy.url, '/v1/form/human_input/tok-first', visitor.token)).status).toBe(404);
    expect((await getJson(proxy.url, '/v1/workflow/run-1/events', visitor.token)).status).toBe(404);
  });
});

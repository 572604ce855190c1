import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEndRecord } from '../../demo/simulator/index.ts';
import { field, getJson, postJson } from '../helpers/api.ts';
import { testIdentitySecret } from '../helpers/proxy.ts';
import { bearer, mintSession, mintSessionFor, signIdentity } from '../helpers/session.ts';
import { dataEvents, readStream, waitForEvent } from '../helpers/sse.ts';
import { startStack, type Stack, type StackOptions } from '../helpers/stack.ts';

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function begin(options: StackOptions = {}) {
  stack = await startStack(options);
  return stack;
}

function blockingChat(running: Stack, token: string, body: Record<string, unknown>) {
  return postJson(running.urls.proxy, '/v1/chat-messages', token, { inputs: {}, response_mode: 'blocking', ...body });
}

describe("the user Dify sees is always the session's", () => {
  it('replaces a client-sent user in the JSON body', async () => {
    const running = await begin();
    const session = await mintSession(running.urls.proxy);
    const response = await blockingChat(running, session.token, { query: 'echo: hi', user: 'victim' });
    expect(response.status).toBe(200);
    const [request] = running.simulator.requests;
    expect(request?.user).toBe(session.user);
    expect(request?.body).toMatchObject({ user: session.user });
    expect(JSON.stringify(running.simulator.requests)).not.toContain('victim');
  });

  it('replaces a client-sent user in the query string, even repeated', async () => {
    const running = await begin();
    const session = await mintSession(running.urls.proxy);
    for (const path of ['/v1/conversations?user=victim', '/v1/conversations?user=victim&user=other', '/v1/parameters?user=victim']) {
      const response = await fetch(`${running.urls.proxy}${path}`, { headers: bearer(session.token) });
      expect(response.status).toBe(200);
    }
    expect(running.simulator.requests).toHaveLength(3);
    for (const request of running.simulator.requests) {
      expect(request.user).toBe(session.user);
      expect(request.query['user']).toBe(session.user);
    }
    expect(JSON.stringify(running.simulator.requests)).not.toContain('victim');
  });

  it('replaces a client-sent user in a multipart form and forwards the file intact', async () => {
    const running = await begin();
    const session = await mintSession(running.urls.proxy);
    const form = new FormData();
    form.append('user', 'victim');
    form.append('file', new Blob([Buffer.from('%PDF-1.4 hello')], { type: 'application/pdf' }), 'notes.pdf');
    form.append('user', 'victim-again');
    const response = await fetch(`${running.urls.proxy}/v1/files/upload`, { method: 'POST', headers: bearer(session.token), body: form });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ name: 'notes.pdf', size: 14, mime_type: 'application/pdf' });
    const [request] = running.simulator.requests;
    expect(request?.user).toBe(session.user);
    expect(JSON.stringify(request?.body)).not.toContain('victim');
  });
});

describe("one visitor cannot touch another's conversation", () => {
  it("refuses B reading, continuing, renaming, deleting and rating A's conversation, while A keeps it", async () => {
    const running = await begin();
    const alice = await mintSession(running.urls.proxy);
    const bob = await mintSession(running.urls.proxy);
    const first = await (await blockingChat(running, alice.token, { query: 'echo: private' })).json();
    const conversationId = field(first, 'conversation_id');
    const messageId = field(first, 'message_id');
    const base = running.urls.proxy;

    const read = await getJson(base, `/v1/messages?conversation_id=${conversationId}`, bob.token);
    expect(read.status).toBe(404);
    const listed = await getJson(base, '/v1/conversations', bob.token);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.json)).not.toContain(conversationId);
    const continued = await blockingChat(running, bob.token, { query: 'echo: hijack', conversation_id: conversationId });
    expect(continued.status).toBe(404);
    const renamed = await postJson(base, `/v1/conversations/${conversationId}/name`, bob.token, { name: 'pwned' });
    expect(renamed.status).toBe(404);
    const deleted = await fetch(`${base}/v1/conversations/${conversationId}`, {
      method: 'DELETE',
      headers: { 'Content-Type': 'application/json', ...bearer(bob.token) },
      body: JSON.stringify({ user: alice.user }),
    });
    expect(deleted.status).toBe(404);
    const rated = await postJson(base, `/v1/messages/${messageId}/feedbacks`, bob.token, { rating: 'dislike', user: alice.user });
    expect(rated.status).toBe(404);
    const suggested = await getJson(base, `/v1/messages/${messageId}/suggested`, bob.token);
    expect(suggested.status).toBe(404);

    const own = await getJson(base, `/v1/messages?conversation_id=${conversationId}`, alice.token);
    expect(own.status).toBe(200);
    expect(JSON.stringify(own.json)).toContain('private');
    expect(JSON.stringify(own.json)).not.toContain('hijack');
    expect(JSON.stringify(own.json)).not.toContain('dislike');
    const ownList = await getJson(base, '/v1/conversations', alice.token);
    expect(JSON.stringify(ownList.json)).toContain(conversationId);
    expect(JSON.stringify(ownList.json)).not.toContain('pwned');
  });

  it("answers B's stop call on A's task as Dify would, without passing it on, for chat and workflow tasks", async () => {
    // Dify has no owner check on the workflow stop at all (dify-api.md §11.1), so the proxy keeps it.
    const running = await begin({
      apps: [
        { id: 'chat', mode: 'chat', default: true },
        { id: 'flow', mode: 'workflow' },
      ],
      simulator: { pingIntervalMs: 100 },
    });
    for (const [app, start, body, stopPath] of [
      ['chat', '/v1/chat-messages', { query: 'scenario: slow', inputs: {} }, (task: string) => `/v1/chat-messages/${task}/stop`],
      [
        'flow',
        '/apps/flow/v1/workflows/run',
        { inputs: { query: 'scenario: slow' } },
        (task: string) => `/apps/flow/v1/workflows/tasks/${task}/stop`,
      ],
    ] as const) {
      const alice = await mintSessionFor(running.urls.proxy, app);
      const bob = await mintSessionFor(running.urls.proxy, app);
      const stream = readStream(await postJson(running.urls.proxy, start, alice.token, { ...body, response_mode: 'streaming' }));
      const taskId = field(await stream.until((event) => typeof event['task_id'] === 'string'), 'task_id');
      const ended = waitForEvent<StreamEndRecord>(running.simulator.events, 'stream-end', (record) => record.taskId === taskId);
      const stop = await postJson(running.urls.proxy, stopPath(taskId), bob.token, { user: alice.user });
      expect(stop.status).toBe(200);
      expect(await stop.json()).toEqual({ result: 'success' });
      await stream.rest();
      expect((await ended).reason).toBe('completed');
    }
    expect(running.simulator.requests.filter((request) => request.path.endsWith('/stop'))).toHaveLength(0);
  });

  it("reads B none of A's answers aloud: text-to-audio takes only a message B received", async () => {
    const running = await begin({ apps: [{ id: 'chat', mode: 'chat', audio: true }] });
    const alice = await mintSession(running.urls.proxy);
    const bob = await mintSession(running.urls.proxy);
    const answer = dataEvents(
      await (
        await postJson(running.urls.proxy, '/v1/chat-messages', alice.token, {
          query: 'echo: secret',
          inputs: {},
          response_mode: 'streaming',
        })
      ).text(),
    );
    const messageId = field(answer[0], 'message_id');
    const foreign = await postJson(running.urls.proxy, '/v1/text-to-audio', bob.token, { message_id: messageId });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ code: 'not_found', message: 'Message Not Exists.', status: 404 });
    expect(running.simulator.requests.filter((request) => request.path === '/v1/text-to-audio')).toHaveLength(0);
    expect((await postJson(running.urls.proxy, '/v1/text-to-audio', alice.token, { message_id: messageId })).status).toBe(200);
  });
});

describe('inputs', () => {
  it("lets the app's fixed inputs and the identity's trusted inputs win over the visitor's", async () => {
    const running = await begin({
      apps: [{ id: 'chat', mode: 'chat', proxy: { inputs: { site: 'docs' }, visitorInputs: ['topic', 'site', 'plan'] } }],
    });
    const identity = await signIdentity(testIdentitySecret, { sub: '9', inputs: { plan: 'pro' } });
    const session = await mintSession(running.urls.proxy, { identity });
    const response = await blockingChat(running, session.token, {
      query: 'echo: inputs',
      inputs: { topic: 'billing', site: 'evil', plan: 'free', secret_flag: 'yes' },
    });
    expect(response.status).toBe(200);
    expect(running.simulator.requests[0]?.body).toMatchObject({ inputs: { topic: 'billing', site: 'docs', plan: 'pro' } });
    expect(JSON.stringify(running.simulator.requests[0]?.body)).not.toContain('secret_flag');
  });
});

describe('hostile JSON', () => {
  it('cannot reach user, fixed inputs or Object.prototype through __proto__, constructor or duplicate keys', async () => {
    const running = await begin({ apps: [{ id: 'chat', mode: 'chat', proxy: { inputs: { site: 'docs' } } }] });
    const session = await mintSession(running.urls.proxy);
    const raw =
      '{"query":"echo: hi","response_mode":"blocking","user":"victim","user":"victim-again",' +
      '"inputs":{"__proto__":{"site":"evil","user":"victim"},"constructor":{"prototype":{"user":"victim"}},"site":"evil"},' +
      '"__proto__":{"user":"victim","inputs":{"site":"evil"}}}';
    const response = await fetch(`${running.urls.proxy}/v1/chat-messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...bearer(session.token) },
      body: raw,
    });
    expect(response.status).toBe(200);
    const request = running.simulator.requests.find((recorded) => recorded.path === '/v1/chat-messages');
    expect(request?.user).toBe(session.user);
    expect(request?.body).toMatchObject({ user: session.user, inputs: { site: 'docs' } });
    // "constructor" is forwarded as an ordinary input of that name; what matters is that nothing it or
    // __proto__ holds became the user, a fixed input or a property of every object.
    expect(JSON.stringify(request?.body)).not.toContain('evil');
    expect(JSON.stringify(request?.body)).not.toContain('victim-again');
    expect(Object.prototype).not.toHaveProperty('user');
    expect(Object.prototype).not.toHaveProperty('site');
  });
});

describe('request bodies', () => {
  it('drops unknown fields and forwards only the allowlisted ones', async () => {
    const running = await begin();
    const session = await mintSession(running.urls.proxy);
    const response = await blockingChat(running, session.token, {
      query: 'echo: fields',
      _temp_config: { apiUrl: 'http://evil', apiKey: 'x' },
      retriever_from: 'dev',
      auto_generate_name: false,
    });
    expect(response.status).toBe(200);
    const body = running.simulator.requests[0]?.body;
    expect(body).toMatchObject({ query: 'echo: fields', auto_generate_name: false, user: session.user });
    expect(JSON.stringify(body)).not.toContain('_temp_config');
    expect(JSON.stringify(body)).not.toContain('retriever_from');
  });

  it('rejects wrong types, oversized queries, bodies and foreign content types before anything goes upstream', async () => {
    const running = await begin({ limits: { maxQueryChars: 50, maxBodyKb: 2 } });
    const session = await mintSession(running.urls.proxy);
    const wrongType = await blockingChat(running, session.token, { query: 42 });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ code: 'invalid_param', status: 400 });
    const tooLong = await blockingChat(running, session.token, { query: 'x'.repeat(51) });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await tooLong.json())).toContain('50');
    const tooBig = await blockingChat(running, session.token, { query: 'ok', inputs: { padding: 'x'.repeat(3000) } });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ status: 413 });
    const array = await fetch(`${running.urls.proxy}/v1/chat-messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...bearer(session.token) },
      body: '[1,2]',
    });
    expect(array.status).toBe(400);
    const text = await fetch(`${running.urls.proxy}/v1/chat-messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', ...bearer(session.token) },
      body: 'query=hi',
    });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ code: 'unsupported_media_type', status: 415 });
    const malformed = await fetch(`${running.urls.proxy}/v1/chat-messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...bearer(session.token) },
      body: '{"query": ',
    });
    expect(malformed.status).toBe(400);
    const remote = await blockingChat(running, session.token, {
      query: 'look',
      files: [{ type: 'image', transfer_method: 'remote_url', url: 'http://169.254.169.254/latest' }],
    });
    expect(remote.status).toBe(400);
    expect(JSON.stringify(await remote.json())).toContain('remote_url');
    const badQuery = await getJson(running.urls.proxy, '/v1/messages?conversation_id=../../x', session.token);
    expect(badQuery.status).toBe(400);
    expect(running.simulator.requests).toHaveLength(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEndRecord } from '../../demo/simulator/index.ts';
import { field, postJson } from '../helpers/api.ts';
import { testOrigin } from '../helpers/proxy.ts';
import { bearer, mintSession } from '../helpers/session.ts';
import { readStream, waitForEvent } from '../helpers/sse.ts';
import { startStack, type Stack, type StackOptions } from '../helpers/stack.ts';

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function begin(options: StackOptions) {
  stack = await startStack(options);
  return stack;
}

function expectRateLimited(response: Response, code: string) {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  return response.json().then((body: unknown) => expect(body).toMatchObject({ code, status: 429, message: expect.stringMatching(/.+/) }));
}

function streamChat(running: Stack, token: string, query: string, signal?: AbortSignal) {
  return postJson(running.urls.proxy, '/v1/chat-messages', token, { query, inputs: {}, response_mode: 'streaming' }, {}, signal);
}

describe('request limits', () => {
  it('limits requests per IP with a Dify-shaped 429, Retry-After and draft-8 RateLimit headers readable by the widget', async () => {
    const running = await begin({ limits: { requestsPerIp: 3, requestsPerVisitor: 100 } });
    const session = await mintSession(running.urls.proxy);
    const headers = { Origin: testOrigin, ...bearer(session.token) };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const allowed = await fetch(`${running.urls.proxy}/v1/parameters`, { headers });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('ratelimit-policy')).toMatch(/"ip"; ?q=3; ?w=60/);
      expect(allowed.headers.get('ratelimit')).toMatch(/"ip"; ?r=\d+; ?t=\d+/);
    }
    const refused = await fetch(`${running.urls.proxy}/v1/parameters`, { headers });
    await expectRateLimited(refused, 'rate_limited');
    expect(refused.headers.get('ratelimit')).toMatch(/"ip"; ?r=0; ?t=\d+/);
    expect(refused.headers.get('access-control-allow-origin')).toBe(testOrigin);
    const exposed = (refused.headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['Retry-After', 'RateLimit', 'RateLimit-Policy', 'X-Request-Id']));
    expect(running.simulator.requests).toHaveLength(3);
  });

  it('limits requests per visitor without slowing other visitors down', async () => {
    const running = await begin({ limits: { requestsPerIp: 100, requestsPerVisitor: 2 } });
    const alice = await mintSession(running.urls.proxy);
    const bob = await mintSession(running.urls.proxy);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect((await fetch(`${running.urls.proxy}/v1/parameters`, { headers: bearer(alice.token) })).status).toBe(200);
    }
    const refused = await fetch(`${running.urls.proxy}/v1/parameters`, { headers: bearer(alice.token) });
    await expectRateLimited(refused, 'rate_limited');
    expect(refused.headers.get('ratelimit-policy')).toMatch(/"visitor"; ?q=2/);
    expect((await fetch(`${running.urls.proxy}/v1/parameters`, { headers: bearer(bob.token) })).status).toBe(200);
  });

  it('caps session minting per IP', async () => {
    const running = await begin({ session: { mintPerIp: 2 } });
    await mintSession(running.urls.proxy);
    await mintSession(running.urls.proxy);
    const refused = await fetch(`${running.urls.proxy}/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: testOrigin },
      body: '{}',
    });
    await expectRateLimited(refused, 'too_many_sessions');
    expect(refused.headers.get('access-control-allow-origin')).toBe(testOrigin);
    expect(refused.headers.get('ratelimit-policy')).toMatch(/"session"; ?q=2/);
  });
});

describe('the message length limit', () => {
  it('tells the widget its MAX_QUERY_CHARS on every response, in a header its JavaScript may read, and refuses a longer query', async () => {
    const running = await begin({ limits: { maxQueryChars: 40 } });
    const { token } = await mintSession(running.urls.proxy);
    const info = await fetch(`${running.urls.proxy}/v1/info`, { headers: { Origin: testOrigin, ...bearer(token) } });
    expect(info.headers.get('dify-widget-max-query-chars')).toBe('40');
    expect((info.headers.get('access-control-expose-headers') ?? '').split(/,\s*/)).toContain('Dify-Widget-Max-Query-Chars');
    const tooLong = await streamChat(running, token, 'x'.repeat(41));
    expect(tooLong.status).toBe(400);
    expect(tooLong.headers.get('dify-widget-max-query-chars')).toBe('40');
    expect(await tooLong.json()).toMatchObject({ code: 'invalid_param', status: 400 });
    expect(running.simulator.requests.filter((request) => request.path === '/v1/chat-messages')).toHaveLength(0);
  });
});

describe('the remote URL switch', () => {
  it('tells the widget on every response, in a header its JavaScript may read, when the app forwards remote_url files', async () => {
    const running = await begin({ apps: [{ id: 'chat', mode: 'chat', proxy: { remoteFileUrls: true } }] });
    const { token } = await mintSession(running.urls.proxy);
    const info = await fetch(`${running.urls.proxy}/v1/info`, { headers: { Origin: testOrigin, ...bearer(token) } });
    expect(info.headers.get('dify-widget-remote-file-urls')).toBe('allowed');
    expect((info.headers.get('access-control-expose-headers') ?? '').split(/,\s*/)).toContain('Dify-Widget-Remote-File-Urls');
    const refused = await fetch(`${running.urls.proxy}/v1/parameters`, { headers: { Origin: testOrigin } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('dify-widget-remote-file-urls')).toBe('allowed');
  });

  it('says nothing when remote_url files are refused (the default), and refuses one', async () => {
    const running = await begin({});
    const { token } = await mintSession(running.urls.proxy);
    const info = await fetch(`${running.urls.proxy}/v1/info`, { headers: { Origin: testOrigin, ...bearer(token) } });
    expect(info.headers.has('dify-widget-remote-file-urls')).toBe(false);
    const file = { type: 'image', transfer_method: 'remote_url', url: 'https://example.com/a.png' };
    const sent = await postJson(running.urls.proxy, '/v1/chat-messages', token, { query: 'look', inputs: {}, files: [file] });
    expect(sent.status).toBe(400);
    expect(sent.headers.has('dify-widget-remote-file-urls')).toBe(false);
  });
});

describe('concurrent streams per visitor', () => {
  it('refuses a stream over the cap, and frees the slot when the visitor aborts', async () => {
    const running = await begin({ limits: { streamsPerVisitor: 1 }, simulator: { pingIntervalMs: 100 } });
    const alice = await mintSession(running.urls.proxy);
    const bob = await mintSession(running.urls.proxy);
    const controller = new AbortController();
    const firstStream = readStream(await streamChat(running, alice.token, 'scenario: slow', controller.signal));
    const taskId = field(await firstStream.until((event) => event['event'] === 'message'), 'task_id');

    await expectRateLimited(await streamChat(running, alice.token, 'echo: second'), 'too_many_concurrent_streams');
    const other = await streamChat(running, bob.token, 'echo: bob is fine');
    expect(other.status).toBe(200);
    await other.text();

    const closed = waitForEvent<StreamEndRecord>(running.simulator.events, 'stream-end', (record) => record.taskId === taskId);
    controller.abort();
    await closed;
    // The upstream closes at once; the slot is freed when Dify has answered the stop call, a moment later.
    await expect
      .poll(async () => {
        const after = await streamChat(running, alice.token, 'echo: slot is free again');
        await after.text();
        return after.status;
      })
      .toBe(200);
  });

  it('keeps the slot while Dify still generates for a visitor who left before the first event', async () => {
    const running = await begin({ limits: { streamsPerVisitor: 1 }, timeouts: { idleTimeoutMs: 1500 } });
    const session = await mintSession(running.urls.proxy);
    const controller = new AbortController();
    const stalled = await streamChat(running, session.token, 'scenario: stall', controller.signal);
    expect(stalled.status).toBe(200);
    const upstreamClosed = waitForEvent<StreamEndRecord>(running.simulator.events, 'stream-end', (record) => record.reason === 'stalled');
    controller.abort();
    // The proxy is still reading Dify's stream to learn the task id: the answer is still being paid for.
    await expectRateLimited(await streamChat(running, session.token, 'echo: too soon'), 'too_many_concurrent_streams');
    await upstreamClosed;
    const after = await streamChat(running, session.token, 'echo: slot is free again');
    expect(after.status).toBe(200);
    await after.text();
  });

  it('caps streams per network too, so minting more sessions does not lift the cap', async () => {
    const running = await begin({ trustProxy: 1, limits: { streamsPerVisitor: 5, streamsPerIp: 2 }, simulator: { pingIntervalMs: 100 } });
    const fromNetwork = (address: string) => ({ 'X-Forwarded-For': address });
    const visitors = await Promise.all([1, 2, 3, 4].map(() => mintSession(running.urls.proxy)));
    const [first, second, third, elsewhere] = visitors.map((visitor) => visitor.token);
    if (first === undefined || second === undefined || third === undefined || elsewhere === undefined)
      throw new Error('four sessions expected');
    const chat = (token: string, address: string, query: string, signal?: AbortSignal) =>
      postJson(
        running.urls.proxy,
        '/v1/chat-messages',
        token,
        { query, inputs: {}, response_mode: 'streaming' },
        fromNetwork(address),
        signal,
      );
    const controller = new AbortController();
    const open = [
      await chat(first, '198.51.100.7', 'scenario: slow', controller.signal),
      await chat(second, '198.51.100.7', 'scenario: slow', controller.signal),
    ];
    expect(open.map((response) => response.status)).toEqual([200, 200]);
    const refused = await chat(third, '198.51.100.7', 'echo: third visitor, same network');
    await expectRateLimited(refused, 'too_many_concurrent_streams');
    const otherNetwork = await chat(elsewhere, '203.0.113.9', 'echo: another network');
    expect(otherNetwork.status).toBe(200);
    await otherNetwork.text();
    const ended = new Set<string>();
    const bothEnded = waitForEvent<StreamEndRecord>(
      running.simulator.events,
      'stream-end',
      (record) => record.reason !== 'completed' && ended.add(record.taskId).size === 2,
    );
    controller.abort();
    await bothEnded;
    // Freed once Dify has answered both stop calls, a moment after the upstream streams closed.
    await expect
      .poll(async () => {
        const freed = await chat(third, '198.51.100.7', 'echo: freed');
        await freed.text();
        return freed.status;
      })
      .toBe(200);
  });

  it('frees the slot after a normal end, an upstream error, a dropped stream and a rejected body', async () => {
    const running = await begin({ limits: { streamsPerVisitor: 1 } });
    const session = await mintSession(running.urls.proxy);
    for (const query of ['echo: one', 'scenario: error-midstream', 'scenario: drop', 'echo: two']) {
      const response = await streamChat(running, session.token, query);
      expect(response.status).toBe(200);
      await response.text();
    }
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const invalid = await postJson(running.urls.proxy, '/v1/chat-messages', session.token, {
        query: 7,
        inputs: {},
        response_mode: 'streaming',
      });
      expect(invalid.status).toBe(400);
    }
    const blocking = await postJson(running.urls.proxy, '/v1/chat-messages', session.token, {
      query: 'echo: blocking',
      inputs: {},
      response_mode: 'blocking',
    });
    expect(blocking.status).toBe(200);
    const last = await streamChat(running, session.token, 'echo: still free');
    expect(last.status).toBe(200);
    await last.text();
  });
});

describe('trust proxy misconfiguration', () => {
  it('tells the operator to set TRUST_PROXY when requests carry X-Forwarded-For', async () => {
    const running = await begin({});
    const session = await mintSession(running.urls.proxy);
    const response = await fetch(`${running.urls.proxy}/v1/parameters`, {
      headers: { ...bearer(session.token), 'X-Forwarded-For': '203.0.113.9' },
    });
    expect(response.status).toBe(200);
    const warning = running.logs.entries().find((entry) => entry['code'] === 'untrusted_forwarding');
    expect(String(warning?.['msg'])).toContain('TRUST_PROXY');
    expect(warning?.['level']).toBe('warn');
  });

  it('keys limits on the address the trusted proxy saw, not on a forged left-most entry', async () => {
    const running = await begin({ trustProxy: 1, limits: { requestsPerIp: 2, requestsPerVisitor: 100 } });
    const session = await mintSession(running.urls.proxy);
    const from = (forwardedFor: string) =>
      fetch(`${running.urls.proxy}/v1/parameters`, { headers: { ...bearer(session.token), 'X-Forwarded-For': forwardedFor } });
    expect((await from('1.1.1.1, 198.51.100.7')).status).toBe(200);
    expect((await from('2.2.2.2, 198.51.100.7')).status).toBe(200);
    await expectRateLimited(await from('3.3.3.3, 198.51.100.7'), 'rate_limited');
    expect((await from('3.3.3.3, 198.51.100.8')).status).toBe(200);
    expect(running.logs.entries().some((entry) => String(entry['code'] ?? '').startsWith('ERR_ERL'))).toBe(false);
  });
});

import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startProxy, testConfig, testOrigin, type RunningProxy } from '../helpers/proxy.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { bearer, mintSession } from '../helpers/session.ts';
import { startStubUpstream, type StubUpstream } from '../helpers/stub-upstream.ts';

let upstream: StubUpstream;
let proxy: RunningProxy;
let token: string;

beforeEach(async () => {
  upstream = await startStubUpstream();
  proxy = await startProxy(testConfig(upstream.url));
  token = (await mintSession(proxy.url)).token;
});

afterEach(async () => {
  await proxy.close();
  await upstream.close();
});

describe('CORS by exact origin', () => {
  it('answers a preflight from an allowed origin with the exact origin, cached for 7200 s', async () => {
    const response = await fetch(`${proxy.url}/v1/chat-messages`, {
      method: 'OPTIONS',
      headers: {
        Origin: testOrigin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(testOrigin);
    expect(response.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-max-age')).toBe('7200');
    expect(response.headers.get('vary')).toMatch(/Origin/);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('exposes the rate-limit, request-id and length-limit headers to the widget', async () => {
    const response = await fetch(`${proxy.url}/v1/parameters`, { headers: { Origin: testOrigin, ...bearer(token) } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-expose-headers')).toBe(
      'Retry-After, RateLimit, RateLimit-Policy, X-Request-Id, Dify-Widget-Max-Query-Chars, Dify-Widget-Remote-File-Urls',
    );
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  it('refuses another origin with a 403 its page can read, before anything goes upstream, and logs it once a minute', async () => {
    // The preflight passes, so that the browser lets the widget read the refusal itself.
    const preflight = await fetch(`${proxy.url}/v1/chat-messages`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-max-age')).toBe('60');
    const post = await fetch(`${proxy.url}/v1/chat-messages`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json', ...bearer(token) },
      body: JSON.stringify({ query: 'hi', inputs: {}, response_mode: 'blocking' }),
    });
    expect(post.status).toBe(403);
    expect(post.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(await post.json()).toMatchObject({ code: 'origin_not_allowed', status: 403 });
    const refusals = proxy.logs.entries().filter((entry) => entry['origin'] === 'https://evil.example' && entry['setting']);
    expect(refusals).toHaveLength(1);
    expect(String(refusals[0]?.['msg'])).toContain('ALLOWED_ORIGINS');
    const nullOrigin = await fetch(`${proxy.url}/v1/parameters`, { headers: { Origin: 'null', ...bearer(token) } });
    expect(nullOrigin.status).toBe(403);
    expect(upstream.requests).toHaveLength(0);
  });

  it('lets requests without an Origin through (servers, the SDK, curl)', async () => {
    const response = await fetch(`${proxy.url}/v1/parameters`, { headers: bearer(token) });
    expect(response.status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
  });
});

describe('the endpoint allowlist', () => {
  const tricks = [
    '/v1/../v1/parameters',
    '/v1/%2e%2e/v1/parameters',
    '/v1/%2E%2E/console/api/apps',
    '/v1//parameters',
    '/v1/parameters/',
    '/v1/./parameters',
    '/v1/parameters%2f..%2f..%2fconsole',
    '/v1/chat-messages/..%2f..%2fapps/stop',
    '/v1/chat-messages/../conversations/stop',
    '/v1/conversations/abc%2Fname',
    '/v1/apps/annotations',
    '/v1/workflows/logs',
    '/v1/files/abc/preview',
    '/v1/datasets',
    '/v1/',
    '/v1',
    '/apps/main/v1/../../v1/parameters',
    '/apps/nope/v1/parameters',
  ];
  for (const path of tricks) {
    it(`answers ${path} with 404 and never calls Dify`, async () => {
      const response = await rawRequest(proxy.url, 'GET', path, bearer(token));
      expect(response.status).toBe(404);
      expect(JSON.parse(response.body)).toMatchObject({ status: 404 });
      expect(upstream.requests).toHaveLength(0);
    });
  }

  const wrongMethods: Array<[string, string]> = [
    ['GET', '/v1/chat-messages'],
    ['PUT', '/v1/conversations/abc'],
    ['PATCH', '/v1/parameters'],
    ['DELETE', '/v1/messages'],
    ['HEAD', '/v1/chat-messages'],
    ['POST', '/v1/parameters'],
  ];
  for (const [method, path] of wrongMethods) {
    it(`answers ${method} ${path} with 405 and never calls Dify`, async () => {
      const response = await rawRequest(proxy.url, method, path, bearer(token));
      expect(response.status).toBe(405);
      expect(response.headers['allow']).toBeDefined();
      if (method !== 'HEAD') expect(JSON.parse(response.body)).toMatchObject({ code: 'method_not_allowed', status: 405 });
      expect(upstream.requests).toHaveLength(0);
    });
  }

  it('answers malformed URLs and compressed bodies with a Dify-shaped 4xx, not an unexpected 500', async () => {
    const json = { 'Content-Type': 'application/json', ...bearer(token) };
    const body = JSON.stringify({ query: 'hi', inputs: {}, response_mode: 'blocking' });
    const attempts: Array<[number, Promise<{ status: number; body: string }>]> = [
      [400, rawRequest(proxy.url, 'GET', '/apps/%E0%A4%A/v1/parameters', bearer(token))],
      [415, rawRequest(proxy.url, 'POST', '/v1/chat-messages', { ...json, 'Content-Encoding': 'gzip' }, gzipSync(body))],
      [415, rawRequest(proxy.url, 'POST', '/v1/chat-messages', { ...json, 'Content-Encoding': 'gzip' }, body)],
      [
        415,
        rawRequest(proxy.url, 'POST', '/session', { 'Content-Type': 'application/json', 'Content-Encoding': 'deflate' }, 'not deflated'),
      ],
    ];
    for (const [status, pending] of attempts) {
      const response = await pending;
      expect(response.status).toBe(status);
      expect(JSON.parse(response.body)).toMatchObject({ status, code: expect.any(String), message: expect.any(String) });
    }
    expect(upstream.requests).toHaveLength(0);
    expect(proxy.logs.entries().filter((entry) => entry['msg'] === 'unexpected error')).toEqual([]);
  });

  it('serves the same app under /apps/<id>/v1', async () => {
    const response = await fetch(`${proxy.url}/apps/main/v1/parameters`, { headers: bearer(token) });
    expect(response.status).toBe(200);
    expect(upstream.requests[0]?.url.split('?')[0]).toBe('/v1/parameters');
  });

  it('opens only the endpoints of the app mode', async () => {
    const completion = await fetch(`${proxy.url}/v1/completion-messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...bearer(token) },
      body: JSON.stringify({ inputs: {}, response_mode: 'blocking' }),
    });
    expect(completion.status).toBe(404);
    expect(await completion.json()).toMatchObject({ code: 'not_found', status: 404 });
    const workflow = await fetch(`${proxy.url}/v1/workflows/run`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...bearer(token) },
      body: JSON.stringify({ inputs: {} }),
    });
    expect(workflow.status).toBe(404);
    expect(upstream.requests).toHaveLength(0);
  });

  it('forwards only Dify paths under the configured base URL, with the key and no client headers', async () => {
    const response = await fetch(`${proxy.url}/v1/messages?conversation_id=c-1&limit=5&evil=1`, {
      headers: { ...bearer(token), Cookie: 'session=secret', 'X-Forwarded-For': '6.6.6.6', 'X-App-Code': 'x' },
    });
    expect(response.status).toBe(200);
    const [request] = upstream.requests;
    const url = new URL(`http://upstream${request?.url ?? ''}`);
    expect(url.pathname).toBe('/v1/messages');
    expect([...url.searchParams.keys()].sort()).toEqual(['conversation_id', 'limit', 'user']);
    expect(request?.headers['authorization']).toMatch(/^Bearer app-CANARY-/);
    expect(request?.headers['cookie']).toBeUndefined();
    expect(request?.headers['x-forwarded-for']).toBeUndefined();
    expect(request?.headers['x-app-code']).toBeUndefined();
  });
});

describe('health', () => {
  it('answers /healthz without checking anything', async () => {
    const response = await fetch(`${proxy.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('sends Dify one /info per app however many readiness probes arrive at once', async () => {
    await proxy.close();
    await upstream.close();
    upstream = await startStubUpstream((_request, res) => {
      // Slow enough that every probe arrives while the first check is still running.
      setTimeout(() => {
        res.setHeader('Content-Type', 'application/json');
        res.end('{}');
      }, 150);
    });
    proxy = await startProxy(testConfig(upstream.url));
    const probes = await Promise.all(Array.from({ length: 20 }, () => fetch(`${proxy.url}/readyz`)));
    expect(probes.map((probe) => probe.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(upstream.requests).toHaveLength(1);
  });

  it('is ready when every app answers /info, and not ready while draining', async () => {
    const ready = await fetch(`${proxy.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(upstream.requests.map((request) => request.url)).toEqual(['/v1/info']);
    await proxy.app.drain();
    const draining = await fetch(`${proxy.url}/readyz`);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toMatchObject({ code: 'not_ready', status: 503 });
  });
});

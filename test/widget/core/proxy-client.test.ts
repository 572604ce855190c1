// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProblemError } from '../../../widget/core/http.ts';
import { createStateStore } from '../../../widget/core/persisted-state.ts';
import { createProxyClient } from '../../../widget/core/proxy-client.ts';
import { createSessionKeeper } from '../../../widget/core/session.ts';
import { createMemoryStore } from '../../../widget/core/storage.ts';
import { buildStream } from '../fixtures/dify-streams.ts';
import { collect, offsetsInsideCharacters } from '../fixtures/streams.ts';

type Route = (request: IncomingMessage, response: ServerResponse, body: string) => void;

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function startProxy(routes: Record<string, Route>): Promise<string> {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const route = routes[`${request.method} ${request.url?.split('?')[0]}`];
      if (route) route(request, response, body);
      else response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}/`;
}

const sessionRoute: Route = (request, response) => {
  const renewed = request.headers.authorization === 'Bearer first';
  response
    .writeHead(200, { 'Content-Type': 'application/json' })
    .end(JSON.stringify({ token: renewed ? 'second' : 'first', user: 'anon-1', expires_at: Date.now() / 1000 + 3600 }));
};

function clientFor(base: string, app?: string) {
  const state = createStateStore(createMemoryStore(), 'k');
  const sessions = createSessionKeeper({ proxyBase: base, fetch, state, ...(app ? { app } : {}) });
  return createProxyClient({ proxyBase: base, fetch, sessions, ...(app ? { app } : {}) });
}

describe('proxy client over real HTTP', () => {
  it('streams Dify events written in pieces that cut through multi-byte characters', async () => {
    const fixture = buildStream({ name: 'real', kind: 'chat', chunks: ['Grüße ', '👋🏽 ', '日本'], pingEvery: 1, lineEnding: '\r\n' });
    const cuts = offsetsInsideCharacters(fixture.bytes);
    let body = '';
    const base = await startProxy({
      'POST /session': sessionRoute,
      'POST /apps/agent/v1/chat-messages': (request, response, requestBody) => {
        body = requestBody;
        response.writeHead(200, { 'Content-Type': 'text/event-stream', Authorization: String(request.headers.authorization) });
        let start = 0;
        const writeNext = (index: number) => {
          const end = cuts[index] ?? fixture.bytes.length;
          response.write(Buffer.from(fixture.bytes.subarray(start, end)));
          start = end;
          if (end >= fixture.bytes.length) response.end();
          else setImmediate(() => writeNext(index + 1));
        };
        writeNext(0);
      },
    });
    const events = await collect(
      await clientFor(base, 'agent').openStream('chat-messages', { query: 'hi', inputs: {} }, new AbortController().signal),
    );
    expect(events).toEqual(fixture.expected);
    expect(JSON.parse(body)).toEqual({ query: 'hi', inputs: {}, response_mode: 'streaming' });
  });

  it('turns a 429 into a rate-limited problem with Retry-After', async () => {
    const base = await startProxy({
      'POST /session': sessionRoute,
      'POST /v1/chat-messages': (_request, response) => {
        response
          .writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '17' })
          .end(JSON.stringify({ code: 'too_many_requests', message: 'Slow down.', status: 429 }));
      },
    });
    const opening = clientFor(base).openStream('chat-messages', { query: 'hi', inputs: {} }, new AbortController().signal);
    await expect(opening).rejects.toBeInstanceOf(ProblemError);
    await expect(opening).rejects.toMatchObject({
      problem: { kind: 'rate-limited', code: 'too_many_requests', retryAfterSeconds: 17, detail: 'Slow down.' },
    });
  });

  it('renews the session on a 401 and repeats the request once', async () => {
    const seen: string[] = [];
    const base = await startProxy({
      'POST /session': sessionRoute,
      'GET /v1/parameters': (request, response) => {
        seen.push(String(request.headers.authorization));
        if (request.headers.authorization === 'Bearer first')
          response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"code":"unauthorized","message":"expired","status":401}');
        else response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"opening_statement":"hi"}');
      },
    });
    expect(await clientFor(base).getJson('parameters')).toEqual({ opening_statement: 'hi' });
    expect(seen).toEqual(['Bearer first', 'Bearer second']);
  });

  it('mints and renews its session for its own app, and names none for the default app', async () => {
    const minted: unknown[] = [];
    const recordingSession: Route = (request, response, body) => {
      minted.push(JSON.parse(body));
      sessionRoute(request, response, body);
    };
    const refuseFirst: Route = (request, response) => {
      if (request.headers.authorization === 'Bearer first')
        response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"code":"session_expired","message":"expired","status":401}');
      else response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    };
    const base = await startProxy({
      'POST /session': recordingSession,
      'GET /apps/agent/v1/parameters': refuseFirst,
      'GET /v1/parameters': refuseFirst,
    });
    await clientFor(base, 'agent').getJson('parameters');
    expect(minted).toEqual([{ app: 'agent' }, { app: 'agent' }]);
    minted.length = 0;
    await clientFor(base).getJson('parameters');
    expect(minted).toEqual([{}, {}]);
  });

  it('closes the connection when the answer is stopped, so the proxy can stop the Dify task', async () => {
    let serverSawClose!: () => void;
    const closed = new Promise<void>((resolve) => (serverSawClose = resolve));
    const base = await startProxy({
      'POST /session': sessionRoute,
      'POST /v1/chat-messages': (_request, response) => {
        response.on('close', () => serverSawClose());
        response.writeHead(200, { 'Content-Type': 'text/event-stream' });
        response.write('data: {"event":"message","answer":"Hel","conversation_id":"c","id":"m","task_id":"t"}\n\n');
      },
    });
    const controller = new AbortController();
    const reader = (await clientFor(base).openStream('chat-messages', { query: 'hi', inputs: {} }, controller.signal)).getReader();
    expect((await reader.read()).value).toMatchObject({ type: 'message', text: 'Hel' });
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    await closed;
  });

  it('reports an unreachable proxy as offline', async () => {
    const base = await startProxy({});
    const port = new URL(base).port;
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const state = createStateStore(createMemoryStore(), 'k');
    const sessions = createSessionKeeper({ proxyBase: `http://127.0.0.1:${port}/`, fetch, state });
    await expect(sessions.current()).rejects.toMatchObject({ problem: { kind: 'offline', code: 'network_error' } });
  });
});

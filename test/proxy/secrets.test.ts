import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field } from '../helpers/api.ts';
import { testIdentitySecret, testOrigin, testSessionSecret } from '../helpers/proxy.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { signIdentity } from '../helpers/session.ts';
import { readStream } from '../helpers/sse.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

interface Recorded {
  readonly label: string;
  readonly status: number;
  readonly headers: string;
  readonly body: string;
  readonly requestId: string | null;
}

const marker = 'confidential-marker-8675309';
let stack: Stack;
const recorded: Recorded[] = [];
const credentials: string[] = [];

async function call(label: string, path: string, init: RequestInit = {}): Promise<string> {
  const response = await fetch(`${stack.urls.proxy}${path}`, init);
  const body = await response.text();
  recorded.push({
    label,
    status: response.status,
    headers: JSON.stringify([...response.headers.entries()]),
    body,
    requestId: response.headers.get('x-request-id'),
  });
  return body;
}

function json(token: string, body: unknown, extra: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...extra },
    body: JSON.stringify(body),
  };
}

/** Runs a broad tour of the proxy (success, every kind of error, streams, aborts, uploads) with canary keys. */
beforeAll(async () => {
  stack = await startStack({
    apps: [
      { id: 'chat', mode: 'chat', default: true },
      { id: 'revoked', mode: 'chat', keyRejected: true },
    ],
    limits: { requestsPerVisitor: 40 },
    simulator: { pingIntervalMs: 100 },
  });
  const identity = await signIdentity(testIdentitySecret, { sub: 'ada', name: 'Ada', inputs: { plan: 'pro' } });
  credentials.push(identity);
  const anonymous = JSON.parse(await call('mint anonymous', '/session', json('', {}, { Origin: testOrigin, Authorization: '' })));
  const token = field(anonymous, 'token');
  const identified = field(
    JSON.parse(
      await call('mint identity', '/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identity }),
      }),
    ),
    'token',
  );
  const renewed = field(JSON.parse(await call('renew', '/session', json(token, {}))), 'token');
  credentials.push(token, identified, renewed);

  const blocking = JSON.parse(
    await call('chat blocking', '/v1/chat-messages', json(identified, { query: `echo: ${marker}`, inputs: {}, response_mode: 'blocking' })),
  );
  const conversationId = field(blocking, 'conversation_id');
  const messageId = field(blocking, 'message_id');
  await call(
    'chat streaming',
    '/v1/chat-messages',
    json(token, { query: `echo: ${marker}`, inputs: {}, response_mode: 'streaming' }, { Origin: testOrigin }),
  );
  await call(
    'chat error',
    '/v1/chat-messages',
    json(token, { query: 'scenario: error-midstream', inputs: {}, response_mode: 'streaming' }),
  );
  await call('chat drop', '/v1/chat-messages', json(token, { query: 'scenario: drop', inputs: {}, response_mode: 'streaming' }));
  const controller = new AbortController();
  const aborted = await fetch(`${stack.urls.proxy}/v1/chat-messages`, {
    ...json(token, { query: 'scenario: slow', inputs: {}, response_mode: 'streaming' }),
    signal: controller.signal,
  });
  await readStream(aborted).until((event) => event['event'] === 'message');
  controller.abort();
  await call('messages', `/v1/messages?conversation_id=${conversationId}`, { headers: { Authorization: `Bearer ${identified}` } });
  await call('conversations', '/v1/conversations', { headers: { Authorization: `Bearer ${identified}` } });
  await call('feedback', `/v1/messages/${messageId}/feedbacks`, json(identified, { rating: 'like' }));
  await call('rename', `/v1/conversations/${conversationId}/name`, json(identified, { name: marker }));
  await call('parameters', '/v1/parameters', { headers: { Authorization: `Bearer ${token}` } });
  await call('site', '/v1/site', { headers: { Authorization: `Bearer ${token}` } });
  const form = new FormData();
  form.append('file', new Blob([marker], { type: 'text/plain' }), 'note.txt');
  await call('upload', '/v1/files/upload', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  await call('delete', `/v1/conversations/${conversationId}`, {
    method: 'DELETE',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${identified}` },
    body: '{}',
  });
  // A session is bound to the app it was minted for: the revoked app needs its own.
  const onRevoked = field(
    JSON.parse(await call('mint for revoked', '/session', json('', { app: 'revoked' }, { Authorization: '' }))),
    'token',
  );
  credentials.push(onRevoked);
  await call('revoked key', '/apps/revoked/v1/parameters', { headers: { Authorization: `Bearer ${onRevoked}` } });
  await call(
    'revoked key chat',
    '/apps/revoked/v1/chat-messages',
    json(onRevoked, { query: marker, inputs: {}, response_mode: 'streaming' }),
  );
  await call('bad body', '/v1/chat-messages', json(token, { query: 7 }));
  await call('forged token', '/v1/parameters', { headers: { Authorization: `Bearer ${token.slice(0, -4)}AAAA` } });
  await call('bad identity', '/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ identity: `${identity}x` }),
  });
  await call('origin', '/v1/parameters', { headers: { Authorization: `Bearer ${token}`, Origin: 'https://evil.example' } });
  await call('unknown', '/v1/console/api', { headers: { Authorization: `Bearer ${token}` } });
  await call('method', '/v1/chat-messages', { headers: { Authorization: `Bearer ${token}` } });
  await call('readyz', '/readyz');
  const trick = await rawRequest(stack.urls.proxy, 'GET', '/v1/%2e%2e/parameters', { Authorization: `Bearer ${token}` });
  recorded.push({ label: 'trick', status: trick.status, headers: JSON.stringify(trick.headers), body: trick.body, requestId: null });
});

afterAll(async () => {
  await stack.close();
});

describe('secrets stay in the proxy', () => {
  it('exercised real traffic (the tour did not silently fail)', () => {
    const statuses = new Set(recorded.map((entry) => entry.status));
    for (const status of [200, 201, 204, 400, 401, 403, 404, 405, 502, 503]) expect(statuses, `status ${status}`).toContain(status);
    expect(stack.simulator.requests.length).toBeGreaterThan(10);
    expect(stack.simulator.requests.some((request) => request.headers['authorization'] === `Bearer ${stack.keys['chat']}`)).toBe(true);
  });

  it('never puts an API key in any response body or header', () => {
    for (const key of Object.values(stack.keys)) {
      for (const entry of recorded) {
        expect(entry.body, entry.label).not.toContain(key);
        expect(entry.headers, entry.label).not.toContain(key);
      }
    }
  });

  it('never logs a key, a secret, a token, an identity JWT or message text', () => {
    const logText = stack.logs.lines().join('\n');
    expect(stack.logs.lines().length).toBeGreaterThan(recorded.length);
    for (const secret of [...Object.values(stack.keys), testSessionSecret, testIdentitySecret, ...credentials]) {
      expect(logText).not.toContain(secret);
    }
    expect(logText).not.toContain(marker);
    expect(logText).not.toMatch(/Bearer /i);
  });

  it('logs one line per request with the request id it sent in X-Request-Id', () => {
    const requestLines = stack.logs.entries().filter((entry) => entry['msg'] === 'request');
    const loggedIds = new Set(requestLines.map((entry) => entry['requestId']));
    for (const entry of recorded) {
      if (entry.requestId === null) continue;
      expect(loggedIds, entry.label).toContain(entry.requestId);
    }
    for (const line of requestLines) {
      expect(line['requestId']).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
      expect(line).toHaveProperty('status');
      expect(line).toHaveProperty('durationMs');
    }
    const revoked = stack.logs.entries().find((entry) => String(entry['msg']).includes('rejected the API key'));
    expect(revoked).toMatchObject({ app: 'revoked', level: 'error' });
  });
});

import { once } from 'node:events';
import net from 'node:net';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { field, postJson } from '../helpers/api.ts';
import { testIdentitySecret, testSessionSecret } from '../helpers/proxy.ts';
import { rawRequest, type RawResponse } from '../helpers/raw-http.ts';
import { mintSession, signIdentity, unsignedToken } from '../helpers/session.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { openConnections, openLimits, openSession, pool } from './measure.ts';

// A corpus of thousands of hostile or broken requests, generated here: none may make the proxy fail (no
// 5xx, no crash), every refusal is in Dify's error shape, nothing reaches Dify that should not, and the
// app key shows up nowhere.

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

interface Case {
  readonly category: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Buffer;
  /** Sent byte for byte over a socket (header tricks Node's client would refuse to send). */
  readonly raw?: string;
}

interface Answer extends RawResponse {
  readonly case: Case;
}

/** Sends bytes as they are and reads the answer until the server closes. */
async function rawSocket(baseUrl: string, bytes: string): Promise<RawResponse> {
  const { port } = new URL(baseUrl);
  const socket = net.connect(Number(port), '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  // Written, not ended: a client that half-closes has left, and the proxy may drop its answer.
  socket.write(bytes);
  socket.setTimeout(10_000, () => socket.destroy());
  await once(socket, 'close');
  const text = Buffer.concat(chunks).toString('latin1');
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: Buffer.from(rest.join('\r\n\r\n'), 'latin1').toString('utf8') };
}

const json = (token: string): Record<string, string> => ({ 'Content-Type': 'application/json', Authorization: `Bearer ${token}` });

function malformedJson(): string[] {
  const pieces = [
    '{',
    '}',
    '[',
    ']',
    '"',
    ':',
    ',',
    'null',
    'tru',
    '1e999999',
    '-',
    '\\',
    '\u0000',
    '\ud800',
    '💥',
    "'",
    'NaN',
    '/*',
    '\n',
  ];
  const documents = [
    '',
    ' ',
    '{',
    '{"query":',
    '{"query":"hi"',
    '{"query":"hi",}',
    "{'query':'hi'}",
    '{query:"hi"}',
    '{"query":"hi"}}',
    '[{"query":"hi"}',
    '{"query":"\\x41"}',
    '{"query":"\\u12"}',
    '{"query":"hi" "inputs":{}}',
    '{"query":01}',
    '{"query":.5}',
    '{"query":+1}',
    '{"query":Infinity}',
    '{"query":undefined}',
    '\ufeff{"query":"hi"}',
    '{"__proto__":{"polluted":true},"query":"hi","inputs":{}}',
    '{"constructor":{"prototype":{"polluted":true}},"query":"hi"}',
    'null',
    'true',
    '42',
    '"a string"',
    '[]',
  ];
  for (const piece of pieces) documents.push(`{"query":"hi",${piece}}`, `${piece}{"query":"hi"}`, `{"query":${piece}}`);
  return documents;
}

/**
 * Valid JSON, a leading byte-order mark allowed (RFC 8259 §8.1 lets a parser ignore it, and the proxy does),
 * or no body at all (read as `{}`, as Dify does; Dify's own validation then answers).
 */
function parses(document: string): boolean {
  if (document.trim() === '') return true;
  try {
    JSON.parse(document.replace(/^\ufeff/, ''));
    return true;
  } catch {
    return false;
  }
}

const wrongValues: unknown[] = [null, true, 0, -1, 1e308, '', 'x'.repeat(5000), [], ['a'], {}, { a: { b: 1 } }, [[[[]]]]];

function nested(levels: number, kind: 'object' | 'array'): string {
  return kind === 'object' ? '{"a":'.repeat(levels) + '1' + '}'.repeat(levels) : '['.repeat(levels) + '1' + ']'.repeat(levels);
}

function traversalPaths(): string[] {
  const tricks = [
    '..',
    '%2e%2e',
    '%2E%2E',
    '.%2e',
    '%252e%252e',
    '..%2f',
    '..%5c',
    '%2f',
    '%00',
    '%0d%0aSet-Cookie:x=1',
    '..;',
    '.',
    '~',
    '%c0%ae%c0%ae',
    '%ff',
    'x'.repeat(3000),
  ];
  const templates = [
    (trick: string) => `/v1/${trick}/chat-messages`,
    (trick: string) => `/v1/${trick}/${trick}/apps`,
    (trick: string) => `/apps/${trick}/v1/parameters`,
    (trick: string) => `/apps/chat/v1/${trick}/parameters`,
    (trick: string) => `/v1/conversations/${trick}/name`,
    (trick: string) => `/v1/messages/${trick}/feedbacks`,
    (trick: string) => `/v1/chat-messages/${trick}/stop`,
    (trick: string) => `/${trick}/etc/passwd`,
    (trick: string) => `/widget/${trick}/${trick}/package.json`,
    (trick: string) => `/v1/parameters?${trick}=1&user=someone-else`,
  ];
  return templates
    .flatMap((template) => tricks.map(template))
    .concat(['//v1/parameters', '/v1//parameters', '/V1/PARAMETERS', '/v1/parameters/', '*']);
}

async function forgedTokens(): Promise<string[]> {
  const secret = new TextEncoder().encode(testSessionSecret);
  const wrong = new TextEncoder().encode('not-the-session-secret-0123456789abcdef');
  const now = Math.floor(Date.now() / 1000);
  const sign = (claims: Record<string, unknown>, key: Uint8Array, header: Record<string, unknown> = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...header }).sign(key);
  const claims = { sub: 'forged-visitor', exp: now + 600, iat: now, auth_time: now };
  return [
    await sign(claims, wrong),
    await sign({ ...claims, exp: now - 10 }, secret),
    await sign({ ...claims, exp: now - 86_400 * 365 }, secret),
    await sign({ sub: 'no-exp' }, secret),
    await sign(claims, secret),
    await sign(claims, secret, { typ: 'JWT' }),
    await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).sign(secret),
    unsignedToken(claims),
    unsignedToken({ ...claims, sub: 'admin' }),
    'x',
    '',
    'a.b.c',
    'eyJhbGciOiJIUzI1NiJ9..',
    '.'.repeat(5000),
    'Bearer nested',
    '%00',
  ];
}

function multipartBody(): Buffer {
  return Buffer.from(
    '--x\r\nContent-Disposition: form-data; name="user"\r\n\r\nsomeone-else\r\n' +
      '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n' +
      'hello, this is a small file that is cut short at every byte\r\n--x--\r\n',
  );
}

describe('the bad-input corpus', () => {
  it("answers thousands of broken and hostile requests without a 5xx, in Dify's shape, leaking nothing", async () => {
    stack = await startStack({
      apps: [{ id: 'chat', mode: 'chat', audio: true }],
      limits: { ...openLimits, maxBodyKb: 64 },
      connections: openConnections,
      session: openSession,
    });
    const running = stack;
    const proxy = running.urls.proxy;
    const visitor = await mintSession(proxy);
    const other = await mintSession(proxy);
    // What the other visitor owns: a conversation, a message and a task.
    const owned = await postJson(proxy, '/v1/chat-messages', other.token, { query: 'echo: mine', inputs: {}, response_mode: 'blocking' });
    const ownedJson: unknown = await owned.json();
    const [conversationId, messageId, taskId] = ['conversation_id', 'message_id', 'task_id'].map((name) => field(ownedJson, name));

    const cases: Case[] = [];
    const add = (category: string, method: string, path: string, headers: Record<string, string>, body?: string | Buffer) =>
      // One request per connection: a connection the proxy closed after a refusal is never reused mid-flight.
      // Content-Length always: Node's client sends a DELETE's body without one, and it would read as a second request.
      cases.push({
        category,
        method,
        path,
        headers: { ...headers, Connection: 'close', ...(body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }) },
        ...(body === undefined ? {} : { body }),
      });

    for (const document of malformedJson())
      for (const path of [
        '/v1/chat-messages',
        '/v1/completion-messages',
        '/session',
        `/v1/conversations/${conversationId}/name`,
        `/v1/messages/${messageId}/feedbacks`,
      ])
        add(parses(document) ? 'odd but valid JSON' : 'malformed JSON', 'POST', path, json(visitor.token), document);

    const fields = [
      'query',
      'inputs',
      'response_mode',
      'conversation_id',
      'files',
      'auto_generate_name',
      'parent_message_id',
      'user',
      'workflow_id',
    ];
    for (const name of fields)
      for (const value of wrongValues)
        for (const path of ['/v1/chat-messages', '/v1/workflows/run'])
          add(
            'wrong types',
            'POST',
            path,
            json(visitor.token),
            JSON.stringify({ query: 'echo: hi', inputs: {}, response_mode: 'blocking', [name]: value }),
          );
    for (const value of wrongValues) {
      add('wrong types', 'POST', '/session', { 'Content-Type': 'application/json' }, JSON.stringify({ identity: value }));
      add('wrong types', 'POST', `/v1/messages/${messageId}/feedbacks`, json(visitor.token), JSON.stringify({ rating: value }));
      add('wrong types', 'POST', '/v1/text-to-audio', json(visitor.token), JSON.stringify({ message_id: value }));
    }

    for (const size of [65 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024])
      add(
        'huge bodies',
        'POST',
        '/v1/chat-messages',
        json(visitor.token),
        JSON.stringify({ query: 'echo: hi', inputs: { x: 'y'.repeat(size) } }),
      );
    add('huge bodies', 'POST', '/v1/chat-messages', json(visitor.token), JSON.stringify({ query: 'q'.repeat(4001), inputs: {} }));
    add('huge bodies', 'POST', '/session', { 'Content-Type': 'application/json' }, JSON.stringify({ identity: 'x'.repeat(100_000) }));
    for (const levels of [33, 100, 1000, 5000, 20_000])
      for (const kind of ['object', 'array'] as const) {
        add('deep bodies', 'POST', '/v1/chat-messages', json(visitor.token), `{"query":"echo: hi","inputs":{"x":${nested(levels, kind)}}}`);
        add('deep bodies', 'POST', '/session', { 'Content-Type': 'application/json' }, `{"identity":${nested(levels, kind)}}`);
      }

    const body = JSON.stringify({ query: 'echo: hi', inputs: {}, response_mode: 'blocking' });
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/xml',
      'application/json, text/plain',
      'APPLICATION/JSON; charset=latin-1',
      '*/*',
      'application/jsonp',
      'application/x-json',
      ';',
      'a'.repeat(2000),
    ])
      for (const path of ['/v1/chat-messages', '/session', '/v1/files/upload'])
        add('content types', 'POST', path, { 'Content-Type': type, Authorization: `Bearer ${visitor.token}` }, body);
    add('content types', 'POST', '/v1/chat-messages', { Authorization: `Bearer ${visitor.token}` }, body);

    for (const path of traversalPaths())
      for (const method of ['GET', 'POST', 'DELETE', 'PUT'])
        add('traversal and encoded paths', method, path, json(visitor.token), method === 'GET' ? undefined : '{}');

    const tokens = await forgedTokens();
    for (const token of tokens)
      for (const [method, path] of [
        ['GET', '/v1/parameters'],
        ['GET', '/v1/conversations'],
        ['POST', '/v1/chat-messages'],
        ['GET', `/v1/messages?conversation_id=${conversationId}`],
        ['POST', `/v1/chat-messages/${taskId}/stop`],
        ['POST', '/v1/text-to-audio'],
        ['POST', '/v1/files/upload'],
        ['DELETE', `/v1/conversations/${conversationId}`],
      ] as const)
        add(
          'forged tokens',
          method,
          path,
          { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          method === 'GET' ? undefined : body,
        );
    for (const header of ['Basic dXNlcjpwYXNz', `bearer${visitor.token}`, `Bearer  ${visitor.token}x`, `Token ${visitor.token}`, ''])
      add('forged tokens', 'GET', '/v1/parameters', { Authorization: header });
    const identities = [
      await signIdentity('not-the-identity-secret-0123456789abcdef', { sub: 'forged' }),
      await signIdentity(testIdentitySecret, { sub: 'expired' }, { expiresIn: -60 }),
      await signIdentity(testIdentitySecret, { sub: 'no-exp' }, { expiresIn: null }),
      await signIdentity(testIdentitySecret, { sub: 'hs512' }, { algorithm: 'HS512' }),
      unsignedToken({ sub: 'admin', exp: Math.floor(Date.now() / 1000) + 600 }),
      'a.b.c',
    ];
    for (const identity of identities)
      add('forged tokens', 'POST', '/session', { 'Content-Type': 'application/json' }, JSON.stringify({ identity }));

    // The other visitor's conversation, message and task, asked for by this one.
    for (const [method, path, sent] of [
      ['GET', `/v1/messages?conversation_id=${conversationId}`, undefined],
      ['POST', `/v1/conversations/${conversationId}/name`, JSON.stringify({ name: 'taken' })],
      ['DELETE', `/v1/conversations/${conversationId}`, undefined],
      ['GET', `/v1/conversations/${conversationId}/variables`, undefined],
      ['POST', `/v1/messages/${messageId}/feedbacks`, JSON.stringify({ rating: 'dislike' })],
      ['GET', `/v1/messages/${messageId}/suggested`, undefined],
      ['POST', `/v1/chat-messages/${taskId}/stop`, '{}'],
      ['POST', '/v1/text-to-audio', JSON.stringify({ message_id: messageId })],
      [
        'POST',
        '/v1/chat-messages',
        JSON.stringify({ query: 'echo: hi', inputs: {}, conversation_id: conversationId, response_mode: 'blocking' }),
      ],
      [
        'POST',
        '/v1/chat-messages',
        JSON.stringify({ query: 'echo: hi', inputs: {}, parent_message_id: messageId, response_mode: 'blocking' }),
      ],
    ] as const)
      add('foreign ids', method, path, json(visitor.token), sent);

    const multipart = multipartBody();
    for (let length = 0; length < multipart.length; length += 1)
      for (const path of ['/v1/files/upload', '/v1/audio-to-text'])
        add(
          'truncated multipart',
          'POST',
          path,
          { 'Content-Type': 'multipart/form-data; boundary=x', Authorization: `Bearer ${visitor.token}` },
          multipart.subarray(0, length),
        );

    const injected = [
      `X-Test: a\r\nAuthorization: Bearer ${visitor.token}`,
      'X-Forwarded-For: 1.2.3.4\r\nX-Forwarded-For: 5.6.7.8',
      'Transfer-Encoding: chunked\r\nContent-Length: 5',
      'Transfer-Encoding: chunked, identity',
      'Content-Length: 5\r\nContent-Length: 50',
      'X-Test: a\nInjected: b',
      'X-Test: a\rInjected: b',
      'X-Test: \u0000',
      ' Folded: header',
      'X-Test: é',
      `Authorization: Bearer ${visitor.token}\r\nAuthorization: Bearer ${other.token}`,
      'Host: evil.example\r\nHost: 127.0.0.1',
      'Origin: http://evil.example',
      `Origin: http://site.test\r\nOrigin: http://evil.example`,
      'X-Forwarded-Host: evil.example',
      `X-${'a'.repeat(20_000)}: b`,
    ];
    for (const extra of injected)
      for (const path of ['/v1/parameters', '/session'])
        cases.push({
          category: 'header injection',
          method: 'POST',
          path,
          headers: {},
          raw: `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n${extra}\r\nContent-Length: 2\r\n\r\n{}`,
        });

    // Send it all, ten at a time, counting what reached the simulator in each category.
    const answers: Answer[] = [];
    const upstream: Record<string, Record<string, number>> = {};
    let category = '';
    const onRequest = (request: { path: string }) => {
      const paths = (upstream[category] ??= {});
      paths[request.path] = (paths[request.path] ?? 0) + 1;
    };
    running.simulator.events.on('request', onRequest);
    const categories = [...new Set(cases.map((candidate) => candidate.category))];
    for (const current of categories) {
      category = current;
      const batch = cases.filter((candidate) => candidate.category === current);
      await pool(batch.length, 10, async (index) => {
        const sent = batch[index];
        if (sent === undefined) return;
        try {
          const answer =
            sent.raw === undefined
              ? await rawRequest(proxy, sent.method, sent.path, sent.headers, sent.body)
              : await rawSocket(proxy, sent.raw);
          answers.push({ ...answer, case: sent });
        } catch (error) {
          answers.push({ status: 0, headers: {}, body: String(error), case: sent });
        }
      });
      await expect.poll(() => running.app.activeStreams()).toBe(0);
    }
    running.simulator.events.off('request', onRequest);

    const byCategory: Record<string, Record<number, number>> = {};
    for (const answer of answers) {
      const statuses = (byCategory[answer.case.category] ??= {});
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    }
    const serverErrors = answers.filter((answer) => answer.status >= 500 || answer.status === 0);
    // What Node's HTTP parser refuses before the proxy sees a request is answered in Dify's shape too
    // (proxy/http/connections.ts); these are counted to show the parser was reached.
    const parserRefusals = answers.filter((answer) => answer.case.raw !== undefined && [400, 431].includes(answer.status));
    const misshapen = answers.filter((answer) => {
      if (answer.status < 400) return false;
      try {
        const parsed: unknown = JSON.parse(answer.body);
        return !(
          typeof parsed === 'object' &&
          parsed !== null &&
          typeof Reflect.get(parsed, 'code') === 'string' &&
          typeof Reflect.get(parsed, 'message') === 'string' &&
          Reflect.get(parsed, 'status') === answer.status
        );
      } catch {
        return true;
      }
    });
    const key = running.keys['chat'] ?? 'no key';
    const leaks = answers.filter((answer) => answer.body.includes(key) || JSON.stringify(answer.headers).includes(key));
    const logLeaks = running.logs.lines().filter((line) => line.includes(key));
    const stopsForOther = running.simulator.requests.filter((request) => request.path.endsWith(`/${taskId}/stop`));
    const alive = await fetch(`${proxy}/healthz`);
    console.info(
      `[stress] bad inputs: ${answers.length} requests, ${serverErrors.length} 5xx, ${misshapen.length} not in Dify's shape, ` +
        `${parserRefusals.length} refused by Node's parser, ${leaks.length + logLeaks.length} key leaks in ${running.logs.lines().length} log lines; ` +
        `statuses ${JSON.stringify(byCategory)}; reached the simulator ${JSON.stringify(upstream)}`,
    );
    expect(answers.length).toBeGreaterThanOrEqual(2000);
    expect(alive.status).toBe(200);
    expect(
      serverErrors.map(
        (answer) =>
          `${answer.status} ${answer.case.method} ${answer.case.path.slice(0, 80)} ${JSON.stringify(answer.case.raw ?? '').slice(0, 200)}: ${answer.body.slice(0, 200)}`,
      ),
    ).toEqual([]);
    expect(
      misshapen.map(
        (answer) =>
          `${answer.status} ${answer.case.category} ${answer.case.method} ${answer.case.path.slice(0, 80)} ${JSON.stringify(answer.case.headers).slice(0, 60)}: ${answer.body.slice(0, 200)}`,
      ),
    ).toEqual([]);
    expect(leaks).toEqual([]);
    expect(logLeaks).toEqual([]);
    // Nothing that is refused at the door goes upstream; the other visitor's task is never stopped.
    for (const refused of ['malformed JSON', 'deep bodies', 'huge bodies', 'forged tokens', 'content types', 'header injection'])
      expect({ [refused]: Object.keys(upstream[refused] ?? {}).filter((path) => !path.endsWith('/parameters')) }).toEqual({
        [refused]: [],
      });
    expect(stopsForOther).toEqual([]);
    // A multipart body reaches Dify only when it is whole: its closing delimiter came (the final CRLF is optional).
    const storedUploads = answers.filter((answer) => answer.case.category === 'truncated multipart' && answer.status < 300);
    expect(storedUploads.every((answer) => String(answer.case.body).includes('--x--'))).toBe(true);
    expect(upstream['truncated multipart']?.['/v1/files/upload'] ?? 0).toBe(storedUploads.length);
    expect(Object.keys(upstream['truncated multipart'] ?? {}).filter((path) => path !== '/v1/files/upload')).toEqual([]);
  });
});

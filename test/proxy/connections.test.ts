import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defineConfig } from '../../proxy/config.ts';
import { postJson } from '../helpers/api.ts';
import { testSessionSecret } from '../helpers/proxy.ts';
import { mintSession } from '../helpers/session.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await stack?.close();
  stack = undefined;
});

/** A raw connection to the proxy from `localAddress` (any 127.x.y.z is this machine), with what it received. */
async function open(localAddress = '127.0.0.1'): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const url = new URL(stack?.urls.proxy ?? '');
  const socket = connect({ host: '127.0.0.1', port: Number(url.port), localAddress });
  sockets.push(socket);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, received: () => text, closed };
}

/** Half a request: the start of its headers, never finished (a slowloris client). */
const halfHeaders = 'GET /healthz HTTP/1.1\r\nHost: proxy\r\nX-Slow: ';

const healthFrom = async (localAddress: string): Promise<string> => {
  const client = await open(localAddress);
  client.socket.write('GET /healthz HTTP/1.1\r\nHost: proxy\r\nConnection: close\r\n\r\n');
  await client.closed;
  return client.received();
};

const refusalsLogged = (reason: string) => stack?.logs.entries().filter((entry) => entry['reason'] === reason) ?? [];

describe('connections one address may hold open', () => {
  it('refuses the one over the cap in Dify’s error shape, while other addresses are still served', async () => {
    stack = await startStack({ connections: { connectionsPerIp: 4 } });
    const held = await Promise.all([1, 2, 3, 4].map(() => open('127.0.0.7')));
    for (const client of held) client.socket.write(halfHeaders);

    const refused = await Promise.all([1, 2, 3].map(() => open('127.0.0.7')));
    for (const client of refused) await client.closed;
    const [first] = refused;
    expect(first?.received()).toMatch(/^HTTP\/1\.1 429 /);
    const body: unknown = JSON.parse(first?.received().split('\r\n\r\n')[1] ?? '');
    expect(body).toEqual({ code: 'too_many_connections', message: expect.stringContaining('4 open connections'), status: 429 });

    // Another visitor's address is not affected, and the refusals were logged once, not three times.
    expect(await healthFrom('127.0.0.8')).toMatch(/^HTTP\/1\.1 200 /);
    expect(refusalsLogged('too many connections from this address')).toHaveLength(1);

    // Once the held connections close, the address may connect again.
    for (const client of held) client.socket.destroy();
    await Promise.all(held.map((client) => client.closed));
    await expect.poll(() => healthFrom('127.0.0.7')).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('survives a thousand half-sent requests from one address and keeps answering everybody else', async () => {
    stack = await startStack();
    const flood = await Promise.all(Array.from({ length: 1000 }, () => open('127.0.0.9')));
    for (const client of flood) if (!client.socket.destroyed) client.socket.write(halfHeaders);
    const stillOpen = flood.filter((client) => !client.socket.destroyed && !client.socket.readableEnded);
    // The default cap is 32 per address: the rest were refused, each with a 429.
    await expect.poll(() => flood.filter((client) => client.received().startsWith('HTTP/1.1 429')).length).toBe(968);
    expect(stillOpen.length).toBeGreaterThanOrEqual(32);
    expect(await healthFrom('127.0.0.10')).toMatch(/^HTTP\/1\.1 200 /);
    expect(refusalsLogged('too many connections from this address')).toHaveLength(1);
  });

  it('is off behind a trusted reverse proxy unless set, since every connection then comes from its address', () => {
    const base = { sessionSecret: testSessionSecret, apps: [{ id: 'a', apiKey: 'app-x', apiUrl: 'http://127.0.0.1:9/v1', mode: 'chat' }] };
    expect(defineConfig(base).connections.perAddress).toBe(32);
    expect(defineConfig({ ...base, trustProxy: 1 }).connections.perAddress).toBe(0);
    expect(defineConfig({ ...base, trustProxy: 1, connections: { connectionsPerIp: 200 } }).connections.perAddress).toBe(200);
  });
});

describe('connections the whole proxy holds open', () => {
  it('drops connections over the total cap, logs that once per address, and serves again once some close', async () => {
    stack = await startStack({ connections: { maxConnections: 5, connectionsPerIp: 0 } });
    const held = await Promise.all([1, 2, 3, 4, 5].map(() => open()));
    for (const client of held) client.socket.write(halfHeaders);
    const dropped = await Promise.all([1, 2].map(() => open()));
    for (const client of dropped) await client.closed;
    expect(dropped.map((client) => client.received())).toEqual(['', '']);
    await expect.poll(() => refusalsLogged('the proxy is at its connection cap').length).toBe(1);

    held[0]?.socket.destroy();
    await held[0]?.closed;
    await expect.poll(() => healthFrom('127.0.0.1')).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('clients that send too slowly', () => {
  it('closes a connection whose headers do not arrive in time', async () => {
    stack = await startStack({ connections: { headersTimeoutMs: 300 } });
    const client = await open();
    client.socket.write(halfHeaders);
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a request whose body stops arriving, logs it once, and leaves quiet answers alone', async () => {
    stack = await startStack({ connections: { bodyIdleTimeoutMs: 300 }, simulator: { pingIntervalMs: 500, chunkDelayMs: 2 } });
    const session = await mintSession(stack.urls.proxy);
    const client = await open();
    client.socket.write(
      `POST /v1/chat-messages HTTP/1.1\r\nHost: proxy\r\nAuthorization: Bearer ${session.token}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"query":`,
    );
    await client.closed;
    expect(refusalsLogged('request body stalled')).toHaveLength(1);
    expect(stack.simulator.requests.filter((request) => request.path === '/v1/chat-messages')).toHaveLength(0);

    // An answer whose stream is silent for longer than the body deadline (the slow scenario waits a ping
    // interval between words) is not cut: the deadline only covers the time a body is arriving.
    const answer = await postJson(stack.urls.proxy, '/v1/chat-messages', session.token, {
      query: 'scenario: slow',
      inputs: {},
      response_mode: 'streaming',
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('"event":"message_end"');
  });
});

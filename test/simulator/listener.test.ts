import { createServer, type RequestListener, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatorListener, defaultSimulatedApps, startSimulator } from '../../demo/simulator/index.ts';
import { chatBody } from './support.ts';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server?.closeAllConnections();
  server = undefined;
});

async function mount(listener: RequestListener): Promise<string> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address: AddressInfo | string | null | undefined = server.address();
  if (address === null || address === undefined || typeof address === 'string') throw new Error('server has no port');
  const { port } = address;
  return `http://127.0.0.1:${port}/v1`;
}

describe('createSimulatorListener', () => {
  it('serves the API when mounted in another HTTP server and records requests', async () => {
    const simulator = createSimulatorListener({ apps: [{ key: 'app-mounted', mode: 'chat' }], chunkDelayMs: 0 });
    const base = await mount(simulator.listener);
    const response = await fetch(`${base}/site`, { headers: { Authorization: 'Bearer app-mounted' } });
    expect(response.status).toBe(200);
    expect(simulator.requests).toHaveLength(1);
    simulator.dispose();
  });

  it('dispose ends open streams and refuses further requests', async () => {
    const simulator = createSimulatorListener({ apps: [{ key: 'app-mounted', mode: 'chat' }], chunkDelayMs: 0 });
    const base = await mount(simulator.listener);
    const response = await fetch(`${base}/chat-messages`, {
      method: 'POST',
      headers: { Authorization: 'Bearer app-mounted', 'Content-Type': 'application/json' },
      body: JSON.stringify(chatBody('scenario: stall')),
    });
    expect(response.status).toBe(200);
    simulator.dispose();
    await expect(response.text()).rejects.toThrow();
    await expect(fetch(`${base}/site`, { headers: { Authorization: 'Bearer app-mounted' } })).rejects.toThrow();
  });
});

describe('startSimulator', () => {
  it('listens on 127.0.0.1 with an ephemeral port and a /v1 base URL', async () => {
    const simulator = await startSimulator({ apps: [...defaultSimulatedApps] });
    try {
      expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const response = await fetch(`${simulator.url}/info`, { headers: { Authorization: `Bearer ${defaultSimulatedApps[0]?.key ?? ''}` } });
      expect(await response.json()).toMatchObject({ mode: 'chat' });
    } finally {
      await simulator.close();
    }
  });

  it('close() resolves even with a stalled stream open: it cuts the stream instead of waiting for the client', async () => {
    const simulator = await startSimulator({ apps: [{ key: 'app-x', mode: 'chat' }] });
    const response = await fetch(`${simulator.url}/chat-messages`, {
      method: 'POST',
      headers: { Authorization: 'Bearer app-x', 'Content-Type': 'application/json' },
      body: JSON.stringify(chatBody('scenario: stall')),
    });
    expect(response.status).toBe(200);
    // The client keeps reading and never lets go; a stall never ends on its own. A close() that waited for
    // open streams would never resolve (the test times out), so resolving at all is the proof, not how soon.
    const reading = response.text();
    await simulator.close();
    await expect(reading).rejects.toThrow();
  });
});

describe('robustness', () => {
  it('keeps serving after a client goes away halfway through sending its body', async () => {
    const simulator = await startSimulator({ apps: [{ key: 'app-x', mode: 'chat' }] });
    try {
      const { hostname, port } = new URL(simulator.url);
      const socket = connect(Number(port), hostname);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        'POST /v1/chat-messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"inputs":',
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
      const response = await fetch(`${simulator.url}/site`, { headers: { Authorization: 'Bearer app-x' } });
      expect(response.status).toBe(200);
    } finally {
      await simulator.close();
    }
  });
});

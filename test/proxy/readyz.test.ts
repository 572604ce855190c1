import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack | undefined;
let outside: Server | undefined;

afterEach(async () => {
  outside?.closeAllConnections();
  await new Promise<void>((resolve) => (outside ? outside.close(() => resolve()) : resolve()));
  outside = undefined;
  await stack?.close();
  stack = undefined;
});

/** An address of this machine that is not loopback: a request to it arrives from it, as from elsewhere. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)?.address;

/** The stack's proxy also served on the external address, so its requests do not come from loopback. */
async function servedFromOutside(running: Stack): Promise<string> {
  outside = createServer(running.app);
  outside.listen(0, externalAddress);
  await once(outside, 'listening');
  return `http://${externalAddress ?? ''}:${(outside.address() as AddressInfo).port}`;
}

const appsWithOneFailing = [
  { id: 'internal-billing-bot', mode: 'chat', default: true },
  { id: 'secret-launch-assistant', mode: 'chat', keyRejected: true },
] as const;

describe.skipIf(externalAddress === undefined)('GET /readyz from elsewhere', () => {
  it('says only ready or not ready: no app ids, no reasons; the log names the failing app', async () => {
    stack = await startStack({ apps: appsWithOneFailing });
    const response = await fetch(`${await servedFromOutside(stack)}/readyz`);
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ code: 'not_ready', message: "Not ready; the proxy's log says why.", status: 503 });
    expect(text).not.toMatch(/internal-billing-bot|secret-launch-assistant|401|Dify/);
    const warning = await stack.logs.waitFor((entry) => entry['msg'] === 'not ready: an app cannot reach Dify');
    expect(JSON.stringify(warning['problems'])).toContain('secret-launch-assistant');
  });

  it('answers a ready proxy with its status alone, and the detail with METRICS_TOKEN', async () => {
    stack = await startStack({
      apps: [{ id: 'internal-billing-bot', mode: 'chat' }],
      metricsToken: 'operator-token-0123456789abcdef0123456789',
    });
    const base = await servedFromOutside(stack);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
    const wrong = await fetch(`${base}/readyz`, { headers: { Authorization: 'Bearer operator-token-0123456789abcdef012345678X' } });
    expect(await wrong.json()).toEqual({ status: 'ready' });
    const withToken = await fetch(`${base}/readyz`, { headers: { Authorization: 'Bearer operator-token-0123456789abcdef0123456789' } });
    expect(await withToken.json()).toEqual({ status: 'ready', apps: ['internal-billing-bot'] });
  });

  it('names the failing app to a caller with METRICS_TOKEN', async () => {
    stack = await startStack({ apps: appsWithOneFailing, metricsToken: 'operator-token-0123456789abcdef0123456789' });
    const response = await fetch(`${await servedFromOutside(stack)}/readyz`, {
      headers: { Authorization: 'Bearer operator-token-0123456789abcdef0123456789' },
    });
    expect(response.status).toBe(503);
    const body: unknown = await response.json();
    expect(body).toMatchObject({ code: 'not_ready', status: 503, message: expect.stringContaining("app 'secret-launch-assistant'") });
    expect(JSON.stringify(body)).not.toContain('internal-billing-bot');
  });
});

describe('GET /readyz from this machine', () => {
  it('names what fails, so an operator on the host sees why without the log', async () => {
    stack = await startStack({ apps: appsWithOneFailing });
    const response = await fetch(`${stack.urls.proxy}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      code: 'not_ready',
      status: 503,
      message: expect.stringMatching(/^Not ready: app 'secret-launch-assistant': .*credentials/),
    });
  });

  it('lists the apps it checked when ready', async () => {
    stack = await startStack({ apps: [{ id: 'chat', mode: 'chat' }] });
    expect(await (await fetch(`${stack.urls.proxy}/readyz`)).json()).toEqual({ status: 'ready', apps: ['chat'] });
  });
});

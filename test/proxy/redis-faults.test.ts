import { afterEach, describe, expect, it } from 'vitest';
import { field, postJson } from '../helpers/api.ts';
import { startMainProcess, type MainProcess } from '../helpers/main-process.ts';
import { testOrigin, testSessionSecret } from '../helpers/proxy.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { mintSession } from '../helpers/session.ts';
import { readStream } from '../helpers/sse.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

// Redis failing in the ways that are not a clean refusal (stalled, guarded by a password), and an
// instance that dies without releasing anything.
let redis: TestRedis | undefined;
let stack: Stack | undefined;
let other: MainProcess | undefined;

afterEach(async () => {
  await other?.kill();
  other = undefined;
  await stack?.close();
  await redis?.close();
  stack = undefined;
  redis = undefined;
});

const quickChat = (proxy: string, token: string) =>
  postJson(proxy, '/v1/chat-messages', token, { query: 'echo: hi', inputs: {}, response_mode: 'streaming' });

describe('Redis faults', () => {
  it('answers 503 when Redis stalls (connection open, no answer), and recovers when it answers again', async () => {
    redis = await startRedis();
    stack = await startStack({ redisUrl: redis.url });
    const visitor = await mintSession(stack.urls.proxy);
    redis.pause();
    const refused = await quickChat(stack.urls.proxy, visitor.token);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'shared_state_unavailable', status: 503 });
    expect((await fetch(`${stack.urls.proxy}/readyz`)).status).toBe(503);
    expect((await fetch(`${stack.urls.proxy}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${stack.urls.proxy}/metrics`)).text()).toMatch(/^dify_widget_shared_state_up 0$/m);
    redis.resume();
    const proxy = stack.urls.proxy;
    await expect.poll(async () => (await fetch(`${proxy}/readyz`)).status, { timeout: 15_000 }).toBe(200);
    expect((await quickChat(proxy, visitor.token)).status).toBe(200);
    expect(await (await fetch(`${proxy}/metrics`)).text()).toMatch(/^dify_widget_shared_state_up 1$/m);
  });

  it("never logs Redis's password, also while Redis is down", async () => {
    const password = 'redis-CANARY-password-7f3a';
    redis = await startRedis({ password });
    stack = await startStack({ redisUrl: redis.url });
    const visitor = await mintSession(stack.urls.proxy);
    expect((await quickChat(stack.urls.proxy, visitor.token)).status).toBe(200);
    await redis.stop();
    expect((await quickChat(stack.urls.proxy, visitor.token)).status).toBe(503);
    await stack.logs.waitFor((entry) => entry['msg'] === 'Redis command failed');
    expect((await fetch(`${stack.urls.proxy}/readyz`)).status).toBe(503);
    expect(stack.logs.lines().join('\n')).not.toContain(password);
  });

  it('frees the slots of an instance killed mid-answer (SIGKILL) once their lease ends', async () => {
    redis = await startRedis();
    stack = await startStack({
      redisUrl: redis.url,
      apps: [{ id: 'default', mode: 'chat' }],
      limits: { streamsPerVisitor: 1 },
      timeouts: { slotLeaseMs: 3000 },
      simulator: { pingIntervalMs: 1000 },
    });
    other = await startMainProcess({
      DIFY_API_KEY: stack.keys['default'] ?? '',
      DIFY_API_URL: stack.urls.simulator,
      DIFY_APP_MODE: 'chat',
      SESSION_SECRET: testSessionSecret,
      ALLOWED_ORIGINS: testOrigin,
      REDIS_URL: redis.url,
      REDIS_SLOT_LEASE_MS: '3000',
      MAX_STREAMS_PER_VISITOR: '1',
    });
    const proxy = stack.urls.proxy;
    const child = other.url;
    await expect.poll(async () => (await fetch(`${child}/readyz`)).status, { timeout: 15_000 }).toBe(200);
    const visitor = await mintSession(proxy);
    const slow = readStream(
      await postJson(child, '/v1/chat-messages', visitor.token, { query: 'scenario: slow', inputs: {}, response_mode: 'streaming' }),
    );
    field(await slow.until((event) => typeof event['task_id'] === 'string'), 'task_id');
    await other.kill();
    expect((await quickChat(proxy, visitor.token)).status).toBe(429);
    await expect.poll(async () => (await quickChat(proxy, visitor.token)).status, { timeout: 15_000, interval: 250 }).toBe(200);
  });
});

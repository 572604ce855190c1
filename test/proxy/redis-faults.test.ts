import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/api.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { mintSession } from '../helpers/session.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

// Redis failing in the ways that are not a clean refusal: stalled, and guarded by a password.
let redis: TestRedis | undefined;
let stack: Stack | undefined;

afterEach(async () => {
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
    redis.resume();
    const proxy = stack.urls.proxy;
    await expect.poll(async () => (await fetch(`${proxy}/readyz`)).status, { timeout: 15_000 }).toBe(200);
    expect((await quickChat(proxy, visitor.token)).status).toBe(200);
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
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StopRecord, StreamEndRecord } from '../../demo/simulator/index.ts';
import { field, postJson } from '../helpers/api.ts';
import { startProxy } from '../helpers/proxy.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { bearer, mintSession } from '../helpers/session.ts';
import { readStream, waitForEvent } from '../helpers/sse.ts';
import { startStack, type Stack, type StackOptions } from '../helpers/stack.ts';

// Two proxy instances behind one (imagined) load balancer, sharing one Redis and one simulated Dify.
let redis: TestRedis;
let stack: Stack | undefined;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.close();
});
afterEach(async () => {
  await stack?.close();
  stack = undefined;
  // Each test starts from an empty Redis, and from a running one after the outage test.
  await redis.stop();
  await redis.start();
});

/** Two instances; slow answers last several seconds (4 pauses of 1.5 s). */
async function twoInstances(options: Partial<StackOptions> = {}): Promise<[string, string, Stack]> {
  stack = await startStack({ redisUrl: redis.url, instances: 2, simulator: { pingIntervalMs: 1000 }, ...options });
  const [a, b] = stack.instances;
  if (a === undefined || b === undefined) throw new Error('two instances expected');
  return [a.url, b.url, stack];
}

const slowChat = (proxy: string, token: string) =>
  postJson(proxy, '/v1/chat-messages', token, { query: 'scenario: slow', inputs: {}, response_mode: 'streaming' });
const quickChat = (proxy: string, token: string) =>
  postJson(proxy, '/v1/chat-messages', token, { query: 'echo: hi', inputs: {}, response_mode: 'streaming' });

async function startSlow(proxy: string, token: string) {
  const stream = readStream(await slowChat(proxy, token));
  const taskId = field(await stream.until((event) => typeof event['task_id'] === 'string'), 'task_id');
  return { stream, taskId };
}

async function statusOf(response: Response): Promise<{ status: number; code: unknown }> {
  const text = await response.text();
  const body: unknown = response.headers.get('content-type')?.includes('json') === true ? JSON.parse(text) : undefined;
  return { status: response.status, code: typeof body === 'object' && body !== null && 'code' in body ? body.code : undefined };
}

describe('several instances sharing Redis', () => {
  it('share the per-visitor stream cap: a visitor at the cap on A is refused on B', async () => {
    const [a, b] = await twoInstances({ limits: { streamsPerVisitor: 1, streamsPerIp: 100 } });
    const visitor = await mintSession(a);
    const { stream } = await startSlow(a, visitor.token);
    expect(await statusOf(await quickChat(b, visitor.token))).toEqual({ status: 429, code: 'too_many_concurrent_streams' });
    // Another visitor from the same address is not affected.
    const other = await mintSession(b);
    expect((await statusOf(await quickChat(b, other.token))).status).toBe(200);
    await stream.rest();
    // The slot taken on A is released in Redis when A's answer ends.
    await expect.poll(async () => (await statusOf(await quickChat(b, visitor.token))).status).toBe(200);
  });

  it('share request limits: requests split across A and B count together, and so do minted sessions', async () => {
    const [a, b, running] = await twoInstances({ limits: { requestsPerVisitor: 4, requestsPerIp: 100 }, session: { mintPerIp: 3 } });
    const visitor = await mintSession(a);
    await mintSession(b);
    await mintSession(a);
    expect(await statusOf(await fetch(`${b}/session`, { method: 'POST' }))).toEqual({ status: 429, code: 'too_many_sessions' });
    const statuses: number[] = [];
    for (const proxy of [a, b, a, b, a, b]) {
      statuses.push((await fetch(`${proxy}/v1/parameters`, { headers: bearer(visitor.token) })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // express-rate-limit's own checks found nothing to say about the Redis stores.
    const limiterLines = running.instances.flatMap((instance) => instance.logs.entries()).filter((entry) => 'limit' in entry);
    expect(limiterLines).toEqual([]);
  });

  it("takes a Stop on B for a task started through A to Dify, and still refuses a foreign visitor's stop", async () => {
    const [a, b, running] = await twoInstances();
    const alice = await mintSession(a);
    const bob = await mintSession(b);
    const { stream, taskId } = await startSlow(a, alice.token);

    const foreign = await postJson(b, `/v1/chat-messages/${taskId}/stop`, bob.token, { user: alice.user });
    expect(foreign.status).toBe(200);
    expect(await foreign.json()).toEqual({ result: 'success' });
    expect(running.simulator.requests.filter((request) => request.path.endsWith('/stop'))).toHaveLength(0);

    const stopped = waitForEvent<StopRecord>(running.simulator.events, 'stop', (record) => record.taskId === taskId);
    const ended = waitForEvent<StreamEndRecord>(running.simulator.events, 'stream-end', (record) => record.taskId === taskId);
    const own = await postJson(b, `/v1/chat-messages/${taskId}/stop`, alice.token, {});
    expect(own.status).toBe(200);
    expect(await stopped).toMatchObject({ user: alice.user, honoured: true });
    expect((await ended).reason).toBe('stopped');
    await stream.rest();
  });

  it('fails closed while Redis is down (503 on generation, /readyz 503, /healthz 200) and recovers when it returns', async () => {
    const [a, b] = await twoInstances();
    const visitor = await mintSession(a);
    await redis.stop();
    for (const proxy of [a, b]) {
      const refused = await quickChat(proxy, visitor.token);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toMatchObject({
        code: 'shared_state_unavailable',
        status: 503,
        message: expect.stringMatching(/Redis/),
      });
      await expect.poll(async () => (await fetch(`${proxy}/readyz`)).status).toBe(503);
      expect((await fetch(`${proxy}/healthz`)).status).toBe(200);
    }
    expect((await statusOf(await fetch(`${a}/session`, { method: 'POST' }))).status).toBe(503);

    await redis.start();
    for (const proxy of [a, b]) {
      await expect.poll(async () => (await fetch(`${proxy}/readyz`)).status, { timeout: 15_000 }).toBe(200);
      expect((await statusOf(await quickChat(proxy, visitor.token))).status).toBe(200);
    }
  });

  it('renews the slots of a running answer, so a stream longer than the lease keeps holding the cap', async () => {
    const [a, b] = await twoInstances({ limits: { streamsPerVisitor: 1 }, timeouts: { slotLeaseMs: 1000 } });
    const visitor = await mintSession(a);
    const { stream } = await startSlow(a, visitor.token);
    // The third part of the slow answer comes after two pauses of 1.5 s: three leases later.
    await stream.until((event) => event['answer'] === 'long pauses ');
    expect(await statusOf(await quickChat(b, visitor.token))).toEqual({ status: 429, code: 'too_many_concurrent_streams' });
    await stream.rest();
  });

  it('counts a running answer again after Redis restarted empty', async () => {
    const [a, b] = await twoInstances({ limits: { streamsPerVisitor: 1 }, timeouts: { slotLeaseMs: 1000 } });
    const visitor = await mintSession(a);
    const { stream } = await startSlow(a, visitor.token);
    await redis.stop();
    await redis.start();
    // The next renewal (every third of the lease, once A has reconnected) puts the slot back while the answer runs.
    await expect
      .poll(async () => (await statusOf(await quickChat(b, visitor.token))).code, { timeout: 10_000, interval: 200 })
      .toBe('too_many_concurrent_streams');
    await stream.rest();
  });

  it('frees the slots of an instance that vanished once their lease ends', async () => {
    const [a, , running] = await twoInstances({ limits: { streamsPerVisitor: 1 }, timeouts: { slotLeaseMs: 3000 } });
    const doomed = await startProxy(running.config);
    const visitor = await mintSession(a);
    await startSlow(doomed.url, visitor.token);
    // The instance loses Redis for good (crash, partition): it can neither renew nor release its slot.
    await doomed.app.closeSharedState();
    await doomed.close();
    expect((await statusOf(await quickChat(a, visitor.token))).status).toBe(429);
    await expect.poll(async () => (await statusOf(await quickChat(a, visitor.token))).status, { timeout: 15_000, interval: 250 }).toBe(200);
  });
});

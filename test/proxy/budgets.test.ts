import { afterEach, describe, expect, it } from 'vitest';
import { budgetDay, createMemoryBudgets } from '../../proxy/state/budgets.ts';
import { postJson } from '../helpers/api.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { mintSession } from '../helpers/session.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack | undefined;
let redis: TestRedis | undefined;

afterEach(async () => {
  await stack?.close();
  await redis?.close();
  stack = undefined;
  redis = undefined;
});

const ask = (proxy: string, token: string) =>
  postJson(proxy, '/v1/chat-messages', token, { query: 'echo: spend some tokens', inputs: {}, response_mode: 'streaming' });

describe('daily token budgets', () => {
  it('refuse a visitor’s next answer once today’s tokens are spent, say when they reset, and leave other visitors alone', async () => {
    // The simulator reports 28 + 14 tokens or so per answer: a budget of 1 is spent by the first one.
    stack = await startStack({ limits: { tokensPerVisitorPerDay: 1 } });
    const spender = await mintSession(stack.urls.proxy);
    const first = await ask(stack.urls.proxy, spender.token);
    expect(first.status).toBe(200);
    await first.text();

    await expect.poll(async () => (await ask(stack?.urls.proxy ?? '', spender.token)).status).toBe(429);
    const refused = await ask(stack.urls.proxy, spender.token);
    expect(await refused.json()).toMatchObject({
      code: 'budget_exceeded',
      status: 429,
      message: expect.stringContaining('starts again at'),
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const generations = stack.simulator.requests.filter((request) => request.path === '/v1/chat-messages').length;

    const other = await mintSession(stack.urls.proxy);
    const answered = await ask(stack.urls.proxy, other.token);
    expect(answered.status).toBe(200);
    await answered.text();
    expect(stack.simulator.requests.filter((request) => request.path === '/v1/chat-messages')).toHaveLength(generations + 1);
  });

  it('hold the app’s daily total across two instances sharing Redis', async () => {
    redis = await startRedis();
    stack = await startStack({ redisUrl: redis.url, instances: 2, limits: { tokensPerDay: 1, tokensPerVisitorPerDay: 0 } });
    const [a, b] = stack.instances;
    const first = await ask(a?.url ?? '', (await mintSession(a?.url ?? '')).token);
    await first.text();
    const visitor = await mintSession(b?.url ?? '');
    await expect.poll(async () => (await ask(b?.url ?? '', visitor.token)).status).toBe(429);
  });

  it('start again when the UTC day changes', async () => {
    let now = Date.UTC(2026, 11, 2, 23, 59);
    const budgets = createMemoryBudgets(() => now);
    await budgets.add('visitor', 500);
    expect(await budgets.spentToday('visitor')).toBe(500);
    now = budgetDay(now).resetsAtMs;
    expect(await budgets.spentToday('visitor')).toBe(0);
  });
});

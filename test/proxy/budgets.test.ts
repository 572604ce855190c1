import { afterEach, describe, expect, it } from 'vitest';
import { budgetDay, createMemoryBudgets } from '../../proxy/state/budgets.ts';
import { postJson } from '../helpers/api.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { mintSession, mintSessionFor } from '../helpers/session.ts';
import { dataEvents } from '../helpers/sse.ts';
import { isRecord } from '../../proxy/errors.ts';
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
    const reservation = await budgets.reserve([{ key: 'visitor', limit: 1000 }], 100);
    if ('full' in reservation) throw new Error('the first reservation must be taken');
    await reservation.settle(500);
    expect(await budgets.spentToday('visitor')).toBe(500);
    now = budgetDay(now).resetsAtMs;
    expect(await budgets.spentToday('visitor')).toBe(0);
    // Yesterday's reservation settled today changes nothing today.
    await reservation.settle(900);
    expect(await budgets.spentToday('visitor')).toBe(0);
  });
});

/** The total_tokens of every answer that got through, read from the streams the visitors received. */
async function spentBy(responses: readonly Response[]): Promise<{ through: number; refused: number; tokens: number }> {
  let tokens = 0;
  let through = 0;
  let refused = 0;
  for (const response of responses) {
    if (response.status === 429) {
      expect(await response.json()).toMatchObject({ code: 'budget_exceeded', status: 429 });
      refused += 1;
      continue;
    }
    expect(response.status).toBe(200);
    through += 1;
    const end = dataEvents(await response.text()).find((event) => event['event'] === 'message_end');
    const usage: unknown = isRecord(end?.['metadata']) ? end['metadata']['usage'] : undefined;
    tokens += isRecord(usage) && typeof usage['total_tokens'] === 'number' ? usage['total_tokens'] : 0;
  }
  return { through, refused, tokens };
}

// Each simulated answer reports 42 tokens; a budget of 100 with 50 reserved per answer lets at most two
// run at once (ceil(100 / 50)); one that starts after another settled may pass too. Whatever the timing,
// what gets through spends less than the budget plus one reservation, the bound the README promises.
// Without reservations all 20 would start while nothing is spent yet: 840 tokens.
const burst = { tokensReservedPerAnswer: 50, streamsPerVisitor: 50, streamsPerIp: 50 };

describe('a burst of concurrent generations', () => {
  it('cannot overrun a visitor’s budget: each reserves before Dify is asked, and settles with what it spent', async () => {
    stack = await startStack({ limits: { ...burst, tokensPerVisitorPerDay: 100 } });
    const visitor = await mintSession(stack.urls.proxy);
    const responses = await Promise.all(Array.from({ length: 20 }, () => ask(stack?.urls.proxy ?? '', visitor.token)));
    const { through, refused, tokens } = await spentBy(responses);
    expect(through).toBeGreaterThanOrEqual(1);
    expect(refused).toBe(20 - through);
    expect(tokens).toBeLessThan(100 + 50);
    expect(stack.simulator.requests.filter((request) => request.path === '/v1/chat-messages')).toHaveLength(through);
    // Settled with the 42 tokens each really used, not the 50 reserved: what is left can still be spent.
    const after = await spentBy([await ask(stack.urls.proxy, visitor.token)]);
    expect(after.through).toBe(tokens < 100 ? 1 : 0);
  });

  it('gives a reservation back when the generation reports no usage', async () => {
    stack = await startStack({ limits: { ...burst, tokensReservedPerAnswer: 100, tokensPerVisitorPerDay: 100 } });
    const visitor = await mintSession(stack.urls.proxy);
    const failed = await postJson(stack.urls.proxy, '/v1/chat-messages', visitor.token, {
      query: 'scenario: error-midstream',
      inputs: {},
      response_mode: 'streaming',
    });
    expect(failed.status).toBe(200);
    expect(dataEvents(await failed.text()).at(-1)).toMatchObject({ event: 'error' });
    await expect.poll(async () => (await spentBy([await ask(stack?.urls.proxy ?? '', visitor.token)])).through).toBe(1);
  });

  it('cannot overrun the app’s budget across two instances sharing Redis', async () => {
    redis = await startRedis();
    stack = await startStack({ redisUrl: redis.url, instances: 2, limits: { ...burst, tokensPerVisitorPerDay: 0, tokensPerDay: 100 } });
    const instances = stack.instances.map((instance) => instance.url);
    const visitors = await Promise.all(
      instances.flatMap((url) => Array.from({ length: 10 }, async () => ({ url, ...(await mintSession(url)) }))),
    );
    const responses = await Promise.all(visitors.map((visitor) => ask(visitor.url, visitor.token)));
    const { through, refused, tokens } = await spentBy(responses);
    expect(through).toBeGreaterThanOrEqual(1);
    expect(refused).toBe(20 - through);
    expect(tokens).toBeLessThan(100 + 50);
  });
});

describe('the whole proxy’s daily budget (TOKENS_PER_DAY_ALL_APPS)', () => {
  it('counts every app together: once one app spent it, the other is refused too', async () => {
    stack = await startStack({
      apps: [
        { id: 'chat', mode: 'chat', default: true },
        { id: 'support', mode: 'chat' },
      ],
      limits: { tokensPerVisitorPerDay: 0, tokensPerDay: 0 },
      tokensPerDayAllApps: 1,
    });
    const onChat = await mintSessionFor(stack.urls.proxy, 'chat');
    expect((await spentBy([await ask(stack.urls.proxy, onChat.token)])).through).toBe(1);
    const onSupport = await mintSessionFor(stack.urls.proxy, 'support');
    const refused = await postJson(stack.urls.proxy, '/apps/support/v1/chat-messages', onSupport.token, {
      query: 'echo: hi',
      inputs: {},
      response_mode: 'streaming',
    });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'budget_exceeded', message: expect.stringContaining('answers on this site') });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(stack.simulator.requests.filter((request) => request.path === '/v1/chat-messages')).toHaveLength(1);
  });
});

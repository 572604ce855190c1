import type { Config } from '../config.ts';
import { createReceipts, type Receipts } from '../http/receipts.ts';
import type { Logger } from '../logger.ts';
import { createStreamSlots, type CounterStores, type StreamSlots } from '../middleware/limits.ts';
import { createMemoryBudgets, createSharedBudgets, type DailyBudgets } from './budgets.ts';
import { sharedCounters } from './counters.ts';
import { createSharedReceipts } from './receipts.ts';
import { connectRedis } from './redis.ts';
import { createSharedSlots } from './slots.ts';

/** Every piece of state several instances must agree on: request counters, stream slots, receipts, budgets. */
export interface SharedState {
  readonly counters: CounterStores;
  readonly slots: StreamSlots;
  readonly receipts: Receipts;
  readonly budgets: DailyBudgets;
  /** Why the proxy cannot serve now (Redis unreachable), for /readyz; undefined when it can. */
  problem(): Promise<string | undefined>;
  close(): Promise<void>;
}

/** In memory without REDIS_URL (one instance); in Redis with it. Chosen once, at start-up. */
export function createSharedState(config: Config, logger: Logger): SharedState {
  if (config.redisUrl === undefined) {
    return {
      counters: () => undefined,
      slots: createStreamSlots(),
      receipts: createReceipts(),
      budgets: createMemoryBudgets(),
      problem: () => Promise.resolve(undefined),
      close: () => Promise.resolve(),
    };
  }
  const redis = connectRedis(config.redisUrl, logger);
  const slots = createSharedSlots(redis, config.timeouts.slotLeaseMs, () => undefined);
  return {
    counters: (limiter) => sharedCounters(redis, limiter),
    slots,
    receipts: createSharedReceipts(redis),
    budgets: createSharedBudgets(redis),
    problem: async () => ((await redis.ready()) ? undefined : 'Redis, where the instances share their limits, does not answer'),
    async close() {
      slots.stop();
      await redis.close();
    },
  };
}

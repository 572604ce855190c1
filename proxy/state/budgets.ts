// Daily token budgets: what Dify reported spent (message_end usage, workflow totals), counted per visitor
// and per app for the current UTC day, so one visitor, or everybody together, cannot run up the bill.
import { redisKey, type SharedRedis } from './redis.ts';

export interface TokenBudgets {
  /** Tokens spent today under `key`. */
  spentToday(key: string): Promise<number>;
  /** Adds what a finished answer spent. */
  add(key: string, tokens: number): Promise<void>;
}

const dayMs = 86_400_000;

/** The current UTC day's number and when it ends (when every budget starts again). */
export function budgetDay(now = Date.now()): { day: number; resetsAtMs: number } {
  const day = Math.floor(now / dayMs);
  return { day, resetsAtMs: (day + 1) * dayMs };
}

/** One instance's budgets, in memory; yesterday's counts are dropped when the day changes. */
export function createMemoryBudgets(now: () => number = Date.now): TokenBudgets {
  let counted = { day: budgetDay(now()).day, spent: new Map<string, number>() };
  const today = () => {
    const { day } = budgetDay(now());
    if (day !== counted.day) counted = { day, spent: new Map() };
    return counted.spent;
  };
  return {
    spentToday: (key) => Promise.resolve(today().get(key) ?? 0),
    add(key, tokens) {
      const spent = today();
      spent.set(key, (spent.get(key) ?? 0) + tokens);
      return Promise.resolve();
    },
  };
}

/** Budgets every instance shares: one Redis counter per key and day, expiring an hour after the day ends. */
export function createSharedBudgets(redis: SharedRedis, now: () => number = Date.now): TokenBudgets {
  const keyFor = (key: string) => redisKey('budget', String(budgetDay(now()).day), key);
  return {
    async spentToday(key) {
      const value = await redis.send(['GET', keyFor(key)]);
      return typeof value === 'string' ? Number(value) : 0;
    },
    async add(key, tokens) {
      const counter = keyFor(key);
      await redis.send(['INCRBY', counter, String(Math.round(tokens))]);
      await redis.send(['PEXPIREAT', counter, String(budgetDay(now()).resetsAtMs + 3_600_000)]);
    },
  };
}

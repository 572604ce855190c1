// Daily budgets: what Dify reported spent (message_end usage, workflow totals) and what the paid side
// endpoints used (characters read aloud, seconds transcribed, bytes uploaded), counted per key for the
// current UTC day, so one visitor, one app or the whole proxy cannot run up the bill.
//
// A generation reserves before it goes upstream and settles with what it really spent: the check and the
// reservation are one atomic step (one JS turn in memory, one Lua script in Redis), so a burst of
// concurrent requests sees each other's reservations instead of all reading the same "not spent yet".
import { redisKey, type SharedRedis } from './redis.ts';

export interface BudgetClaim {
  readonly key: string;
  /** The daily limit; the claim is full once its count is at or above it. */
  readonly limit: number;
}

/** A reservation made: `settle` replaces the reserved amount with what was really used (0 gives it back). */
export interface Reservation {
  settle(used: number): Promise<void>;
}

export interface DailyBudgets {
  /** What has been counted today under `key`, reservations included. */
  spentToday(key: string): Promise<number>;
  /**
   * If every claim is under its limit, adds `amount` to each and returns the reservation; otherwise
   * changes nothing and returns the index of the first full claim.
   */
  reserve(claims: readonly BudgetClaim[], amount: number): Promise<Reservation | { full: number }>;
}

const dayMs = 86_400_000;

/** The current UTC day's number and when it ends (when every budget starts again). */
export function budgetDay(now = Date.now()): { day: number; resetsAtMs: number } {
  const day = Math.floor(now / dayMs);
  return { day, resetsAtMs: (day + 1) * dayMs };
}

/** One instance's budgets, in memory; yesterday's counts are dropped when the day changes. */
export function createMemoryBudgets(now: () => number = Date.now): DailyBudgets {
  let counted = { day: budgetDay(now()).day, spent: new Map<string, number>() };
  const today = () => {
    const { day } = budgetDay(now());
    if (day !== counted.day) counted = { day, spent: new Map() };
    return counted;
  };
  return {
    spentToday: (key) => Promise.resolve(today().spent.get(key) ?? 0),
    reserve(claims, amount) {
      const { day, spent } = today();
      const full = claims.findIndex((claim) => (spent.get(claim.key) ?? 0) >= claim.limit);
      if (full >= 0) return Promise.resolve({ full });
      for (const { key } of claims) spent.set(key, (spent.get(key) ?? 0) + amount);
      return Promise.resolve({
        settle(used) {
          // A reservation of a day that has ended is gone with that day's counts.
          const current = today();
          if (current.day !== day) return Promise.resolve();
          for (const { key } of claims) current.spent.set(key, Math.max(0, (current.spent.get(key) ?? 0) + used - amount));
          return Promise.resolve();
        },
      });
    },
  };
}

/** Checks every key against its limit, then adds to all of them: one atomic step in Redis. */
const reserveScript = `
local count = #KEYS
for i = 1, count do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[i]) then return i end
end
for i = 1, count do
  redis.call('INCRBY', KEYS[i], ARGV[count + 1])
  redis.call('PEXPIREAT', KEYS[i], ARGV[count + 2])
end
return 0`;

/** Adds to the keys that still exist: a settlement after its day's counters expired recreates none. */
const settleScript = `
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('INCRBY', KEYS[i], ARGV[1]) end
end
return 0`;

/** Budgets every instance shares: one Redis counter per key and day, expiring an hour after the day ends. */
export function createSharedBudgets(redis: SharedRedis, now: () => number = Date.now): DailyBudgets {
  const keyFor = (day: number, key: string) => redisKey('budget', String(day), key);
  return {
    async spentToday(key) {
      const value = await redis.send(['GET', keyFor(budgetDay(now()).day, key)]);
      return typeof value === 'string' ? Number(value) : 0;
    },
    async reserve(claims, amount) {
      const { day, resetsAtMs } = budgetDay(now());
      const keys = claims.map((claim) => keyFor(day, claim.key));
      const expireAt = String(resetsAtMs + 3_600_000);
      const limits = claims.map((claim) => String(claim.limit));
      const answer = await redis.send([
        'EVAL',
        reserveScript,
        String(keys.length),
        ...keys,
        ...limits,
        String(Math.round(amount)),
        expireAt,
      ]);
      const full = Number(answer);
      if (full > 0) return { full: full - 1 };
      return {
        async settle(used) {
          const difference = Math.round(used) - Math.round(amount);
          if (difference === 0) return;
          await redis.send(['EVAL', settleScript, String(keys.length), ...keys, String(difference)]);
        },
      };
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { StreamSlots } from '../middleware/limits.ts';
import { redisKey, type SharedRedis } from './redis.ts';

// Each key is a sorted set of the slots taken under it, scored by when each lease ends (Redis's clock, so
// instances with skewed clocks agree). Expired members are dropped before counting.
const now = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: the claims' keys; ARGV: lease ms, member, then each claim's limit. Returns 0, or the full claim's 1-based index. */
const acquireScript = `${now}
local lease = tonumber(ARGV[1])
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  if redis.call('ZCARD', KEYS[i]) >= tonumber(ARGV[i + 2]) then return i end
end
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now + lease, ARGV[2])
  redis.call('PEXPIRE', KEYS[i], lease)
end
return 0`;

/**
 * Renews a lease. A member that is gone (Redis restarted empty, or the lease ran out while Redis was
 * away) is added back: the answer is still running, so it still counts against the cap.
 */
const renewScript = `${now}
local lease = tonumber(ARGV[1])
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now + lease, ARGV[2])
  redis.call('PEXPIRE', KEYS[i], lease)
end
return 0`;

interface Held {
  readonly keys: readonly string[];
  readonly member: string;
}

export interface SharedSlots extends StreamSlots {
  /** Stops renewing leases (the process is going away). */
  stop(): void;
}

/**
 * Stream slots in Redis with a lease: while a generation runs its slots are renewed every third of the
 * lease; if the instance crashes, they expire instead of holding the visitor's cap forever.
 */
export function createSharedSlots(redis: SharedRedis, leaseMs: number, onError: (error: unknown) => void): SharedSlots {
  const instance = randomUUID();
  const held = new Set<Held>();
  const renew = (slot: Held) => redis.send(['EVAL', renewScript, String(slot.keys.length), ...slot.keys, String(leaseMs), slot.member]);
  const timer = setInterval(
    () => {
      for (const slot of held) void renew(slot).catch(onError);
    },
    Math.max(100, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return {
    async tryAcquire(claims) {
      const keys = claims.map((claim) => redisKey('slots', claim.key));
      const member = `${instance}:${randomUUID()}`;
      const limits = claims.map((claim) => String(claim.limit));
      const full = await redis.send(['EVAL', acquireScript, String(keys.length), ...keys, String(leaseMs), member, ...limits]);
      if (typeof full === 'number' && full > 0) return { full: full - 1 };
      const slot: Held = { keys, member };
      held.add(slot);
      return {
        release: () => {
          if (!held.delete(slot)) return;
          // If Redis is away now, the lease ends by itself.
          for (const key of keys) void redis.send(['ZREM', key, member]).catch(onError);
        },
      };
    },
    stop: () => clearInterval(timer),
  };
}

import type { IncrementResponse, Options, Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { redisKey, type SharedRedis } from './redis.ts';

type Data = boolean | number | string;
const isData = (value: unknown): value is Data => ['boolean', 'number', 'string'].includes(typeof value);

/** Redis's answer as rate-limit-redis reads it (its scripts answer numbers, strings and nil). */
function asReply(value: unknown): RedisReply {
  if (Array.isArray(value)) return value.map((item: unknown) => (isData(item) ? item : false));
  return isData(value) ? value : false;
}

/**
 * rate-limit-redis's store, made to survive Redis being away. Its scripts are loaded by `init`; when that
 * failed (Redis down at start) the store would fail forever, so the scripts are loaded again on the next
 * request. Every failure is the 503 `shared_state_unavailable` of `SharedRedis.send`, which the limiter passes to the error
 * handler: nothing is let through uncounted.
 */
class SharedCounters implements Store {
  readonly prefix: string;
  private readonly inner: RedisStore;
  private options: Options | undefined;
  private loading: Promise<void> | undefined;

  constructor(redis: SharedRedis, prefix: string) {
    this.prefix = prefix;
    this.inner = new RedisStore({ prefix, sendCommand: async (...args: string[]) => asReply(await redis.send(args)) });
  }

  init(options: Options): void {
    this.options = options;
    void this.load().catch(() => undefined);
  }

  private load(): Promise<void> {
    const options = this.options;
    if (options === undefined) return Promise.resolve();
    this.loading ??= this.inner.init(options).catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  async increment(key: string): Promise<IncrementResponse> {
    await this.load();
    return this.inner.increment(key);
  }

  async decrement(key: string): Promise<void> {
    await this.load();
    await this.inner.decrement(key);
  }

  async resetKey(key: string): Promise<void> {
    await this.inner.resetKey(key);
  }
}

/** A fresh store for one limiter (express-rate-limit refuses a store shared by two). */
export function sharedCounters(redis: SharedRedis, limiter: string): Store {
  return new SharedCounters(redis, `${redisKey('rl', limiter)}:`);
}

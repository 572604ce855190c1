import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../proxy/logger.ts';
import { connectRedis, type SharedRedis } from '../../proxy/state/redis.ts';
import { createSharedSlots } from '../../proxy/state/slots.ts';
import { createLogCapture } from '../helpers/log-capture.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';

let redis: TestRedis | undefined;
let client: SharedRedis | undefined;

afterEach(async () => {
  await client?.close();
  await redis?.close();
  client = undefined;
  redis = undefined;
});

async function connected(): Promise<SharedRedis> {
  redis = await startRedis();
  const connection = connectRedis(redis.url, createLogger({ secrets: [], destination: createLogCapture() }));
  client = connection;
  await expect.poll(() => connection.ready()).toBe(true);
  return connection;
}

describe('stream slots in Redis', () => {
  it('takes the slots of a generation all or none, and releases each once', async () => {
    const slots = createSharedSlots(await connected(), 30_000, () => undefined);
    const first = await slots.tryAcquire([
      { key: 'visitor:1', limit: 1 },
      { key: 'ip:a', limit: 1 },
    ]);
    expect('release' in first).toBe(true);
    // The address is full: the second visitor's own slot must not be taken either.
    expect(
      await slots.tryAcquire([
        { key: 'visitor:2', limit: 1 },
        { key: 'ip:a', limit: 1 },
      ]),
    ).toEqual({ full: 1 });
    const alone = await slots.tryAcquire([{ key: 'visitor:2', limit: 1 }]);
    expect('release' in alone).toBe(true);
    if (!('release' in first)) return;
    first.release();
    first.release();
    const address = async () => slots.tryAcquire([{ key: 'ip:a', limit: 1 }]);
    // The release reaches Redis in the background: the address is free once it has.
    await expect.poll(async () => 'release' in (await address())).toBe(true);
    expect(await address()).toEqual({ full: 0 });
    slots.stop();
  });
});

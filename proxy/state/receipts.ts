import { longestLifeMs, type Receipts } from '../http/receipts.ts';
import { redisKey, type SharedRedis } from './redis.ts';

/** Recently bound receipts, so the task and message id every frame repeats are written to Redis once. */
const rememberedBindings = 10_000;

/**
 * Receipts in Redis, one key per id holding its owner and expiring with it: a Stop, a form answer or a
 * text-to-audio call is accepted by whichever instance it reaches.
 */
export function createSharedReceipts(redis: SharedRedis, now: () => number = Date.now): Receipts {
  const bound = new Map<string, string>();
  return {
    async bind(kind, id, owner, expiresAtMs) {
      const key = redisKey('receipt', kind, id);
      if (kind !== 'form' && bound.get(key) === owner) return;
      const lifeMs = Math.floor(Math.min(expiresAtMs - now(), longestLifeMs[kind]));
      if (lifeMs <= 0) return;
      await redis.send(['SET', key, owner, 'PX', String(lifeMs)]);
      bound.delete(key);
      bound.set(key, owner);
      for (const oldest of bound.keys()) {
        if (bound.size <= rememberedBindings) break;
        bound.delete(oldest);
      }
    },
    async noteAnswerLength(messageId, chars) {
      await redis.send(['SET', redisKey('receipt', 'length', messageId), String(chars), 'PX', String(longestLifeMs.message)]);
    },
    async answerLength(messageId) {
      const chars = await redis.send(['GET', redisKey('receipt', 'length', messageId)]);
      return typeof chars === 'string' ? Number(chars) : undefined;
    },
    async ownerOf(kind, id) {
      const owner = await redis.send(['GET', redisKey('receipt', kind, id)]);
      return typeof owner === 'string' ? owner : undefined;
    },
  };
}

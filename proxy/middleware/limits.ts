import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { ProxyError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { sendProxyError } from './errors.ts';

export interface RequestLimitOptions {
  /** Names the limit in the `RateLimit-Policy` header and in logs. */
  name: string;
  windowMs: number;
  limit: number;
  /** Whose requests are counted together. */
  key: (req: Request) => string;
  code: string;
  /** Says who hit which limit; the retry time is appended. */
  describe: string;
  logger: Logger;
  /** A shared store (Redis) for several instances; memory when absent. */
  store?: Store;
}

/** The client's address, IPv6 masked to /56 so one customer cannot rotate through addresses. */
export function clientAddressKey(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown', 56);
}

/**
 * A request-rate limit (express-rate-limit) that answers in Dify's error shape with `Retry-After` and
 * draft-8 `RateLimit`/`RateLimit-Policy` headers.
 */
export function requestLimit(options: RequestLimitOptions): RequestHandler {
  const { logger } = options;
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: options.name,
    keyGenerator: options.key,
    ...(options.store === undefined ? {} : { store: options.store }),
    logger: {
      warn: (error: unknown, message?: string) => logger.warn({ limit: options.name, detail: String(error) }, message ?? 'rate limiter warning'),
      error: (error: unknown, message?: string) => logger.error({ limit: options.name, detail: String(error) }, message ?? 'rate limiter error'),
    },
    handler(_req, res) {
      const retryAfter = res.getHeader('Retry-After');
      const seconds = typeof retryAfter === 'string' || typeof retryAfter === 'number' ? String(retryAfter) : 'a few';
      sendProxyError(res, new ProxyError(429, options.code, `${options.describe} Try again in ${seconds} seconds.`));
    },
  });
}

/** Counts open generation requests per visitor. */
export interface StreamSlots {
  /** Takes a slot, or returns undefined when the visitor already has `limit` open. */
  tryAcquire(key: string, limit: number): (() => void) | undefined;
  /** Open slots for a key (for tests and metrics). */
  count(key: string): number;
}

/** In-memory stream slots; the release function is safe to call more than once. */
export function createStreamSlots(): StreamSlots {
  const open = new Map<string, number>();
  return {
    tryAcquire(key, limit) {
      const current = open.get(key) ?? 0;
      if (current >= limit) return undefined;
      open.set(key, current + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const remaining = (open.get(key) ?? 1) - 1;
        if (remaining <= 0) open.delete(key);
        else open.set(key, remaining);
      };
    },
    count: (key) => open.get(key) ?? 0,
  };
}

import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { variableName } from '../config.ts';
import { ProxyError, stringProperty } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { sendProxyError } from './errors.ts';

export interface RequestLimitOptions {
  /** Names the limit in the `RateLimit-Policy` header and in logs. */
  name: string;
  windowMs: number;
  limit: number;
  /** Whose requests are counted together. */
  key: (req: Request, res: Response) => string;
  code: string;
  /** Says who hit which limit; the retry time is appended. */
  describe: string;
  logger: Logger;
  /** Where the counts live; express-rate-limit's memory store when undefined. */
  store: Store | undefined;
}

/** A new counter store for one limiter (undefined: in memory), so every instance behind Redis counts together. */
export type CounterStores = (limiter: string) => Store | undefined;

function limiterProblem(limit: string, error: unknown): Record<string, unknown> {
  return { limit, code: stringProperty(error, 'code'), detail: error instanceof Error ? error.message : String(error) };
}

/** express-rate-limit's configuration checks, translated into what the operator should do. */
function explainLimiterProblem(error: unknown): string {
  switch (stringProperty(error, 'code')) {
    case 'ERR_ERL_FORWARDED_HEADER':
      return `Requests carry a Forwarded header, which Express ignores; make the proxy in front send X-Forwarded-For and set ${variableName('trustProxy')}`;
    default:
      return `rate limiter problem: ${stringProperty(error, 'code') ?? 'unknown'}`;
  }
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
    // Checked by forwardingCheck instead: express-rate-limit runs it only once per process.
    validate: { xForwardedForHeader: false },
    keyGenerator: options.key,
    ...(options.store === undefined ? {} : { store: options.store }),
    logger: {
      warn: (error: unknown, message?: string) => logger.warn(limiterProblem(options.name, error), message ?? explainLimiterProblem(error)),
      error: (error: unknown, message?: string) =>
        logger.error(limiterProblem(options.name, error), message ?? explainLimiterProblem(error)),
    },
    handler(_req, res) {
      const retryAfter = res.getHeader('Retry-After');
      const seconds = typeof retryAfter === 'string' || typeof retryAfter === 'number' ? String(retryAfter) : 'a few';
      sendProxyError(res, new ProxyError(429, options.code, `${options.describe} Try again in ${seconds} seconds.`));
    },
  });
}

/**
 * Warns once when requests carry X-Forwarded-For but `trust proxy` is off: behind a load balancer every
 * visitor would then share the balancer's address and one rate limit. Never blocks a request.
 */
export function forwardingCheck(trustProxy: number | string | false, logger: Logger): RequestHandler {
  let warned = false;
  return function checkForwarding(req, _res, next) {
    if (!warned && trustProxy === false && req.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      logger.warn(
        { code: 'untrusted_forwarding' },
        `Requests arrive through a proxy (X-Forwarded-For) but ${variableName('trustProxy')} is unset, so all visitors share one per-IP rate limit; set ${variableName('trustProxy')} to the number of proxies in front of this one (e.g. 1)`,
      );
    }
    next();
  };
}

/** One slot a generation needs: under `key`, of which at most `limit` may be open at once. */
export interface SlotClaim {
  readonly key: string;
  readonly limit: number;
}

/** Counts open generation requests per key (a visitor, an address): in memory, or in Redis for several instances. */
export interface StreamSlots {
  /**
   * Takes one slot of every claim, or none: `full` is the index of the first claim already at its limit.
   * The release is safe to call more than once. Rejects (503) when the shared store cannot be reached.
   */
  tryAcquire(claims: readonly SlotClaim[]): Promise<{ release: () => void } | { full: number }>;
}

/** In-memory stream slots, for one instance. */
export function createStreamSlots(): StreamSlots {
  const open = new Map<string, number>();
  const releaseOne = (key: string) => {
    const remaining = (open.get(key) ?? 1) - 1;
    if (remaining <= 0) open.delete(key);
    else open.set(key, remaining);
  };
  return {
    tryAcquire(claims) {
      const full = claims.findIndex(({ key, limit }) => (open.get(key) ?? 0) >= limit);
      if (full >= 0) return Promise.resolve({ full });
      for (const { key } of claims) open.set(key, (open.get(key) ?? 0) + 1);
      let released = false;
      return Promise.resolve({
        release: () => {
          if (released) return;
          released = true;
          for (const { key } of claims) releaseOne(key);
        },
      });
    },
  };
}

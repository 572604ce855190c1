import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
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
}

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

/** Counts open generation requests per key (a visitor, an address). */
export interface StreamSlots {
  /** Takes a slot, or returns undefined when the key already has `limit` open. */
  tryAcquire(key: string, limit: number): (() => void) | undefined;
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
  };
}

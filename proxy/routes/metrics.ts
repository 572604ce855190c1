import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Router } from 'express';
import { ProxyError } from '../errors.ts';
import type { Metrics } from '../metrics.ts';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const sameSecret = (given: string, expected: string) =>
  given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/** The socket's own address is this machine's (never X-Forwarded-For, which anyone can write). */
const fromThisMachine = (req: Request) => loopback.has(req.socket.remoteAddress ?? '');

/** Whether the request carries the operator's token (METRICS_TOKEN) as a bearer token. */
const hasToken = (req: Request, token: string) => sameSecret(/^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '', token);

/** Operator detail (/readyz's reasons): this machine, or any caller with METRICS_TOKEN. */
export function operatorCaller(token: string | undefined): (req: Request) => boolean {
  return (req) => fromThisMachine(req) || (token !== undefined && hasToken(req, token));
}

/**
 * `GET /metrics` in Prometheus's text format. Without METRICS_TOKEN only a scraper on this machine may read
 * it (the socket's own address, never X-Forwarded-For); with it, any scraper that sends it as a bearer token.
 */
export function metricsRouter(metrics: Metrics, token: string | undefined): Router {
  const router = express.Router();
  router.get('/metrics', async (req, res) => {
    if (token === undefined) {
      if (!fromThisMachine(req)) {
        throw new ProxyError(403, 'forbidden', 'Metrics are served only to this machine; set METRICS_TOKEN to scrape them from elsewhere.');
      }
    } else {
      if (!hasToken(req, token)) throw new ProxyError(401, 'unauthorized', 'Send METRICS_TOKEN as `Authorization: Bearer <token>`.');
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}

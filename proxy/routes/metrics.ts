import { timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import { ProxyError } from '../errors.ts';
import type { Metrics } from '../metrics.ts';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const sameSecret = (given: string, expected: string) =>
  given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/**
 * `GET /metrics` in Prometheus's text format. Without METRICS_TOKEN only a scraper on this machine may read
 * it (the socket's own address, never X-Forwarded-For); with it, any scraper that sends it as a bearer token.
 */
export function metricsRouter(metrics: Metrics, token: string | undefined): Router {
  const router = express.Router();
  router.get('/metrics', async (req, res) => {
    if (token === undefined) {
      if (!loopback.has(req.socket.remoteAddress ?? '')) {
        throw new ProxyError(403, 'forbidden', 'Metrics are served only to this machine; set METRICS_TOKEN to scrape them from elsewhere.');
      }
    } else {
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (!sameSecret(given, token)) throw new ProxyError(401, 'unauthorized', 'Send METRICS_TOKEN as `Authorization: Bearer <token>`.');
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}

import type { RequestHandler } from 'express';
import { ProxyError } from '../errors.ts';
import { sendProxyError } from './errors.ts';

/** Response headers the widget's JavaScript must be able to read. */
const exposedHeaders = 'Retry-After, RateLimit, RateLimit-Policy, X-Request-Id';
const allowedHeaders = 'Authorization, Content-Type';
const allowedMethods = 'GET, POST, DELETE';
const preflightMaxAgeSeconds = '7200';

/**
 * CORS by exact origin. A browser request from an origin not in the list is refused with 403 before
 * anything else runs (so nothing goes upstream); requests without `Origin` (servers, the SDK, curl) pass,
 * because Origin guards browsers and is not authentication. Preflights are answered here.
 */
export function corsByOrigin(allowedOrigins: readonly string[], settingName: string): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return function checkOrigin(req, res, next) {
    res.vary('Origin');
    const origin = req.get('origin');
    if (origin === undefined) {
      next();
      return;
    }
    if (!allowed.has(origin)) {
      sendProxyError(
        res,
        new ProxyError(
          403,
          'origin_not_allowed',
          `Pages from ${origin} may not call this proxy. If that site should embed the widget, add it to ${settingName}.`,
        ),
      );
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', exposedHeaders);
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', allowedMethods);
      res.setHeader('Access-Control-Allow-Headers', allowedHeaders);
      res.setHeader('Access-Control-Max-Age', preflightMaxAgeSeconds);
      res.status(204).end();
      return;
    }
    next();
  };
}

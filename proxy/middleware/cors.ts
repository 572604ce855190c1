import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger.ts';
import { OnceAMinute } from './once-a-minute.ts';
import { ProxyError } from '../errors.ts';
import { sendProxyError } from './errors.ts';

/** Response headers the widget's JavaScript must be able to read. */
const exposedHeaders = 'Retry-After, RateLimit, RateLimit-Policy, X-Request-Id, Dify-Widget-Max-Query-Chars, Dify-Widget-Remote-File-Urls';
const allowedHeaders = 'Authorization, Content-Type';
const allowedMethods = 'GET, POST, DELETE';
const preflightMaxAgeSeconds = '7200';

/** A refused page is told so readably, briefly: the fix (adding the origin) should apply at once. */
const refusedPreflightMaxAgeSeconds = '60';

/**
 * Answers a page whose origin is not allowed so that its widget can read why: the preflight passes, and
 * the request itself is the 403 (with `Access-Control-Allow-Origin`, or the browser would hide it and the
 * widget could only say "check your connection"). Nothing else runs, so nothing goes upstream.
 */
function refuseOrigin(req: Request, res: Response, origin: string, settingName: string): void {
  res.setHeader('Access-Control-Allow-Origin', origin);
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', allowedMethods);
    res.setHeader('Access-Control-Allow-Headers', allowedHeaders);
    res.setHeader('Access-Control-Max-Age', refusedPreflightMaxAgeSeconds);
    res.status(204).end();
    return;
  }
  sendProxyError(
    res,
    new ProxyError(
      403,
      'origin_not_allowed',
      `Pages from ${origin} may not call this proxy. If that site should embed the widget, add it to ${settingName}.`,
    ),
  );
}

/**
 * CORS by exact origin. A browser request from an origin not in the list is refused with 403 before
 * anything else runs (so nothing goes upstream), and logged once a minute per origin with the setting to
 * change; requests without `Origin` (servers, the SDK, curl) pass, because Origin guards browsers and is
 * not authentication. Preflights are answered here.
 */
export function corsByOrigin(allowedOrigins: readonly string[], settingName: string, logger: Logger): RequestHandler {
  const allowed = new Set(allowedOrigins);
  const once = new OnceAMinute();
  return function checkOrigin(req, res, next) {
    res.vary('Origin');
    const origin = req.get('origin');
    if (origin === undefined) {
      next();
      return;
    }
    if (!allowed.has(origin)) {
      once.for(origin, () =>
        logger.warn(
          { origin, setting: settingName },
          `refused a page from ${origin}: it is not in ${settingName}; add it there if that site should embed the widget (said once a minute per origin)`,
        ),
      );
      refuseOrigin(req, res, origin, settingName);
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

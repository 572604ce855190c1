import { createHmac, randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { RequestContext } from '../http/context.ts';
import type { Logger } from '../logger.ts';

const acceptableRequestId = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * A short, stable pseudonym for a Dify user, so logs can correlate a visitor without naming them. Keyed:
 * a plain hash of `user-42` or `user-ada@example.com` is reversed by hashing guesses.
 */
function visitorPseudonym(user: string, key: string): string {
  return createHmac('sha256', key).update(user).digest('hex').slice(0, 12);
}

/**
 * Gives every request an id (a sane incoming `X-Request-Id`, else a UUID), echoes it in the response and
 * writes one JSON log line when the response closes. The line holds the method, path without query,
 * status, duration and whatever handlers recorded in the context; never headers or bodies. The same
 * line feeds the metrics (`onRecord`).
 */
export function requestLog(
  logger: Logger,
  pseudonymKey: string,
  onRecord: (line: Record<string, unknown>) => void = () => undefined,
): RequestHandler {
  return function logRequest(req, res, next) {
    const incoming = req.get('x-request-id');
    const requestId = incoming !== undefined && acceptableRequestId.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const context: RequestContext = { requestId, logger: logger.child({ requestId }), logFields: {} };
    res.locals.context = context;
    const started = process.hrtime.bigint();
    // Written on the next turn, so handlers reacting to the same 'close' (a stream seeing its visitor
    // leave) have recorded their outcome first.
    res.once('close', () =>
      setImmediate(() => {
        const durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
        const line = {
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          durationMs,
          aborted: !res.writableFinished,
          app: context.appId,
          endpoint: context.endpoint,
          visitor: context.visitor === undefined ? undefined : visitorPseudonym(context.visitor.user, pseudonymKey),
          ...context.logFields,
        };
        const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
        context.logger[level](line, 'request');
        onRecord(line);
      }),
    );
    next();
  };
}

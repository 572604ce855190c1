import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { ProxyError, unauthorized } from '../errors.ts';
import { contextOf } from '../http/context.ts';
import { jsonBody } from '../http/json-body.ts';
import { verifyIdentity } from '../identity.ts';
import { anonymousVisitor, bearerToken, type Sessions, type Visitor } from '../session.ts';

const sessionRequest = z.object({
  identity: z.string({ error: 'identity must be a JWT string' }).min(1).max(8192, 'identity is too long').optional(),
});

export interface SessionRouteOptions {
  sessions: Sessions;
  identitySecret: string | undefined;
  /** Runs first: origin check, then the per-IP minting limit. */
  guards: RequestHandler[];
}

/**
 * `POST /session`: `{}` starts an anonymous visitor, `{ identity }` a verified one (`user-<sub>`), and a
 * still-signed `Authorization: Bearer` session token without identity renews the same visitor.
 */
export function sessionRouter(options: SessionRouteOptions): Router {
  const router = express.Router();
  router.options('/session', ...options.guards);
  router.post('/session', ...options.guards, ...jsonBody(16 * 1024), async (req, res) => {
    const parsed = sessionRequest.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new ProxyError(400, 'invalid_param', parsed.error.issues.map((issue) => issue.message).join('; '));
    }
    const context = contextOf(res);
    let visitor: Visitor;
    let kind: string;
    if (parsed.data.identity !== undefined) {
      visitor = await verifyIdentity(parsed.data.identity, options.identitySecret);
      kind = 'identity';
    } else {
      const header = req.get('authorization')?.trim();
      if (header === undefined || header === '') {
        visitor = anonymousVisitor();
        kind = 'anonymous';
      } else {
        const token = bearerToken(header);
        if (token === undefined)
          throw unauthorized(
            'invalid_session',
            'Send the session token as "Authorization: Bearer <token>", or no Authorization header for a new session.',
          );
        visitor = await options.sessions.verifyForRenewal(token);
        kind = 'renewal';
      }
    }
    context.visitor = visitor;
    context.logFields['session'] = kind;
    // A bearer credential: no cache (browser, CDN, corporate proxy) may keep a copy.
    res.setHeader('Cache-Control', 'no-store');
    res.json(await options.sessions.issue(visitor));
  });
  router.all('/session', (req, _res, next) => {
    next(new ProxyError(405, 'method_not_allowed', `${req.method} is not allowed on /session; use POST.`, { Allow: 'POST' }));
  });
  return router;
}

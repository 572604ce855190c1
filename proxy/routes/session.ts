import express, { type Request, type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { ProxyError, unauthorized } from '../errors.ts';
import { contextOf } from '../http/context.ts';
import { jsonBody } from '../http/json-body.ts';
import { verifyIdentity } from '../identity.ts';
import { anonymousVisitor, appMismatch, bearerToken, type Sessions, type Visitor } from '../session.ts';

const sessionRequest = z.object({
  identity: z.string({ error: 'identity must be a JWT string' }).min(1).max(8192, 'identity is too long').optional(),
  app: z.string({ error: 'app must be the id of an app on this proxy' }).min(1).max(200, 'app is too long').optional(),
});

export interface SessionRouteOptions {
  sessions: Sessions;
  identitySecret: string | undefined;
  /** The ids of the apps a session may be minted for. */
  appIds: readonly string[];
  /** The app of `/v1`, and of a mint that names none. */
  defaultAppId: string | undefined;
  /** The origins each app allows: a page may start a session only for an app that allows it. */
  originsOf: (appId: string) => readonly string[];
  /** Runs first: origin check, then the per-IP minting limit. */
  guards: RequestHandler[];
}

/**
 * The app a mint or renewal is for: the one named, else the default app, else (renewal) the token's own.
 * A browser page must be one of that app's origins (the route's CORS check only knows every app's).
 */
function appFor(req: Request, named: string | undefined, options: SessionRouteOptions, renewing: Visitor | undefined): string {
  const app = named ?? options.defaultAppId ?? renewing?.app;
  if (app === undefined) {
    throw new ProxyError(400, 'app_required', `Several apps are configured and none is the default; send {"app": "<app id>"}.`);
  }
  if (!options.appIds.includes(app)) {
    throw new ProxyError(404, 'app_not_found', `No app '${app}' is configured on this proxy; check the widget's app option.`);
  }
  const origin = req.get('origin');
  if (origin !== undefined && !options.originsOf(app).includes(origin)) {
    throw new ProxyError(
      403,
      'origin_not_allowed',
      `Pages from ${origin} may not start a session for app '${app}'. If that site should embed it, add it to the app's allowed origins (ALLOWED_ORIGINS or the app's allowedOrigins).`,
    );
  }
  if (renewing?.app !== undefined && renewing.app !== app) throw appMismatch(app);
  return app;
}

/**
 * `POST /session`: `{}` starts an anonymous visitor, `{ identity }` a verified one (`user-<sub>`), and a
 * still-signed `Authorization: Bearer` session token without identity renews the same visitor. `app`
 * names the app the session is for (default: the default app); its token works only there.
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
    const named = parsed.data.app;
    let visitor: Visitor & { app: string };
    let kind: string;
    if (parsed.data.identity !== undefined) {
      const app = appFor(req, named, options, undefined);
      visitor = { ...(await verifyIdentity(parsed.data.identity, options.identitySecret)), app };
      kind = 'identity';
    } else {
      const header = req.get('authorization')?.trim();
      if (header === undefined || header === '') {
        visitor = anonymousVisitor(appFor(req, named, options, undefined));
        kind = 'anonymous';
      } else {
        const token = bearerToken(header);
        if (token === undefined)
          throw unauthorized(
            'invalid_session',
            'Send the session token as "Authorization: Bearer <token>", or no Authorization header for a new session.',
          );
        const renewing = options.sessions.verifyForRenewal(token);
        visitor = { ...renewing, app: appFor(req, named, options, renewing) };
        kind = 'renewal';
      }
    }
    context.visitor = visitor;
    context.logFields['session'] = kind;
    // A bearer credential: no cache (browser, CDN, corporate proxy) may keep a copy.
    res.setHeader('Cache-Control', 'no-store');
    res.json(options.sessions.issue(visitor));
  });
  router.all('/session', (req, _res, next) => {
    next(new ProxyError(405, 'method_not_allowed', `${req.method} is not allowed on /session; use POST.`, { Allow: 'POST' }));
  });
  return router;
}

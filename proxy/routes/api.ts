import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { settingName, type AppConfig, type AppMode, type Timeouts } from '../config.ts';
import { ProxyError, unauthorized } from '../errors.ts';
import { contextOf, visitorOf } from '../http/context.ts';
import { jsonBody } from '../http/json-body.ts';
import type { EventStreamRelay } from '../http/sse.ts';
import type { Logger } from '../logger.ts';
import { corsByOrigin } from '../middleware/cors.ts';
import { clientAddressKey, requestLimit, type StreamSlots } from '../middleware/limits.ts';
import { bearerToken, type Sessions } from '../session.ts';
import type { DifyClient } from '../upstream/dify.ts';
import { bodySchemas } from './bodies.ts';
import { forward } from './forward.ts';
import { matchEndpoint, type Endpoint } from './table.ts';

export interface ApiRouterOptions {
  readonly app: AppConfig;
  readonly client: DifyClient;
  readonly resolveMode: () => Promise<AppMode>;
  readonly sessions: Sessions;
  readonly slots: StreamSlots;
  readonly timeouts: Timeouts;
  readonly relays: Set<EventStreamRelay>;
  readonly track: (work: Promise<unknown>) => void;
  readonly logger: Logger;
}

interface MatchedRoute {
  readonly endpoint: Endpoint;
  readonly segments: readonly string[];
}

function runAll(handlers: readonly RequestHandler[], req: Request, res: Response, next: NextFunction): void {
  const [first, ...rest] = handlers;
  if (first === undefined) {
    next();
    return;
  }
  first(req, res, (error?: unknown) => (error === undefined ? runAll(rest, req, res, next) : next(error)));
}

/**
 * The Dify-compatible API of one app, mounted at `/v1` (default app) and `/apps/<id>/v1`. The order is
 * the point: origin → per-IP limit → allowlist → session → per-visitor limit → app mode → body → stream
 * cap → upstream. Every refusal happens before anything goes upstream.
 */
export function apiRouter(options: ApiRouterOptions): Router {
  const { app, sessions, slots, logger } = options;
  const router = express.Router();
  const schemas = bodySchemas(app);
  const parseJson = jsonBody(app.limits.maxBodyBytes);
  const routes = new WeakMap<Request, MatchedRoute>();
  const routeOf = (req: Request): MatchedRoute => {
    const route = routes.get(req);
    if (route === undefined) throw new Error('route missing: the allowlist middleware must run first');
    return route;
  };
  const window = app.limits.windowMs;

  /** One slot for the visitor and one for their address: minting more sessions does not lift the cap. */
  function takeStreamSlots(req: Request): () => void {
    const tooMany = (limit: number, whose: string) =>
      new ProxyError(429, 'too_many_concurrent_streams', `At most ${limit} answers can be generated at once ${whose}; wait for one to finish or stop it.`, {
        'Retry-After': '1',
      });
    const forVisitor = slots.tryAcquire(`${app.id}:visitor:${visitorOf(req).user}`, app.limits.streamsPerVisitor);
    if (forVisitor === undefined) throw tooMany(app.limits.streamsPerVisitor, 'per visitor');
    const forAddress = slots.tryAcquire(`${app.id}:ip:${clientAddressKey(req)}`, app.limits.streamsPerIp);
    if (forAddress === undefined) {
      forVisitor();
      throw tooMany(app.limits.streamsPerIp, 'from your network');
    }
    return () => {
      forVisitor();
      forAddress();
    };
  }

  router.use(corsByOrigin(app.allowedOrigins, settingName('allowedOrigins')));
  router.use(
    requestLimit({
      name: 'ip',
      windowMs: window,
      limit: app.limits.requestsPerIp,
      key: (req) => `${app.id}:${clientAddressKey(req)}`,
      code: 'rate_limited',
      describe: 'Too many requests from your network.',
      logger,
    }),
  );
  router.use(function allowlist(req, _res, next) {
    const context = contextOf(req);
    context.appId = app.id;
    const match = matchEndpoint(req.method, req.path);
    if (match.found) {
      context.endpoint = match.endpoint.name;
      routes.set(req, { endpoint: match.endpoint, segments: match.segments });
      next();
    } else if (match.status === 405) {
      next(new ProxyError(405, 'method_not_allowed', `${req.method} is not allowed here; use ${match.allow.join(' or ')}.`, { Allow: match.allow.join(', ') }));
    } else {
      next(new ProxyError(404, 'not_found', `${req.path} is not a Dify endpoint this proxy forwards.`));
    }
  });
  router.use(async function authenticate(req, _res, next) {
    const header = req.get('authorization');
    const token = bearerToken(header);
    if (token === undefined) {
      throw unauthorized(
        'unauthorized',
        header === undefined
          ? 'A session token is required: get one from POST /session and send it as "Authorization: Bearer <token>".'
          : 'Authorization header must be "Bearer <session token>".',
      );
    }
    contextOf(req).visitor = await sessions.verify(token);
    next();
  });
  router.use(
    requestLimit({
      name: 'visitor',
      windowMs: window,
      limit: app.limits.requestsPerVisitor,
      key: (req) => `${app.id}:${visitorOf(req).user}`,
      code: 'rate_limited',
      describe: 'Too many requests in this chat session.',
      logger,
    }),
  );
  router.use(async function checkMode(req, _res, next) {
    const { endpoint } = routeOf(req);
    const mode = await options.resolveMode();
    if (!endpoint.modes.includes(mode)) {
      throw new ProxyError(404, 'not_found', `/${endpoint.path.join('/')} is not available for this app, which is a ${mode} app.`);
    }
    next();
  });
  router.use(function parseBody(req, res, next) {
    const { endpoint } = routeOf(req);
    if (endpoint.body === 'none' || endpoint.body === 'multipart') next();
    else runAll(parseJson, req, res, next);
  });
  router.use(async function send(req, res) {
    const { endpoint, segments } = routeOf(req);
    // A generation holds its slot until forwarding is over, not merely until the visitor leaves: a visitor
    // who leaves before Dify's first event is still being generated for while the proxy reads on to learn
    // the task id it needs to stop it, and that is exactly what the cap is for.
    const release = endpoint.kind === 'generate' ? takeStreamSlots(req) : undefined;
    try {
      await forward(req, res, endpoint, segments, {
        app,
        client: options.client,
        schemas,
        timeouts: options.timeouts,
        relays: options.relays,
        track: options.track,
      });
    } finally {
      release?.();
    }
  });
  return router;
}

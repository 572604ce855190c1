import express, { type RequestHandler, type Router } from 'express';
import { settingName, type AppConfig, type AppMode } from '../config.ts';
import { ProxyError } from '../errors.ts';
import { contextOf } from '../http/context.ts';
import { jsonBody } from '../http/json-body.ts';
import type { Logger } from '../logger.ts';
import { corsByOrigin } from '../middleware/cors.ts';
import { clientAddressKey, requestLimit, type CounterStores } from '../middleware/limits.ts';
import type { Sessions } from '../session.ts';
import { createAppForm } from '../upstream/app-form.ts';
import { bodySchemas } from './bodies.ts';
import { authenticate, exactRoute, methodNotAllowed, modeAllows, paidCallLimit, receiptRequired, visitorRequestLimit } from './guards.ts';
import type { HandlerContext } from './handler-context.ts';
import { handlerFor } from './handlers.ts';
import { endpoints, methodsByPath, type Endpoint } from './table.ts';

/** On every response of an app's API: its `limits.maxQueryChars` (MAX_QUERY_CHARS), the `query` length it accepts. */
const maxQueryCharsHeader = 'Dify-Widget-Max-Query-Chars';
/**
 * On every response of an app's API whose config forwards `remote_url` files (`remoteFileUrls`): the widget
 * then offers "Add from a link", learning it from the responses it gets anyway. Absent when they are refused.
 */
const remoteFileUrlsHeader = 'Dify-Widget-Remote-File-Urls';

export interface ApiRouterOptions extends Omit<HandlerContext, 'schemas' | 'inputRules'> {
  readonly resolveMode: () => Promise<AppMode>;
  readonly sessions: Sessions;
  readonly logger: Logger;
}

function addressRequestLimit(app: AppConfig, logger: Logger, counters: CounterStores): RequestHandler {
  return requestLimit({
    name: 'ip',
    windowMs: app.limits.windowMs,
    limit: app.limits.requestsPerIp,
    key: (req) => `${app.id}:${clientAddressKey(req)}`,
    code: 'rate_limited',
    describe: 'Too many requests from your network.',
    logger,
    store: counters(`ip:${app.id}`),
  });
}

/**
 * The Dify-compatible API of one app, mounted at `/v1` (default app) and `/apps/<id>/v1`: one route per
 * allowlisted endpoint. The order of the guards is the point: origin → per-IP limit → route (404/405) →
 * session → per-visitor limit → app mode → body → handler (stream cap, then Dify). Every refusal
 * happens before anything goes upstream.
 */
export function apiRouter(options: ApiRouterOptions): Router {
  const { app, logger } = options;
  const inputRules = createAppForm(options.client, {
    cacheMs: options.timeouts.formCacheMs,
    headersMs: options.timeouts.headersMs,
    logger,
  });
  const context: HandlerContext = { ...options, schemas: bodySchemas(app), inputRules };
  const router = express.Router({ caseSensitive: true, strict: true });
  const session = [authenticate(options.sessions, app.id), visitorRequestLimit(app, logger, options.counters)];
  const paid = paidCallLimit(app, logger, options.counters);
  const parseJson = jsonBody(app.limits.maxBodyBytes);
  const guardsFor = (endpoint: Endpoint): RequestHandler[] => [
    exactRoute(endpoint),
    ...session,
    ...(endpoint.paid === true ? [paid] : []),
    modeAllows(endpoint, options.resolveMode),
    ...(endpoint.body === 'none' || endpoint.body === 'multipart' ? [] : parseJson),
    ...(endpoint.receipt === undefined ? [] : [receiptRequired(endpoint.receipt, options.receipts, app.id)]),
  ];

  router.use(corsByOrigin(app.allowedOrigins, settingName('allowedOrigins'), logger));
  router.use(addressRequestLimit(app, logger, options.counters));
  router.use(function tagApp(_req, res, next) {
    contextOf(res).appId = app.id;
    // The widget reads the longest message it may send from here, so it can stop a send that would be refused.
    res.setHeader(maxQueryCharsHeader, String(app.limits.maxQueryChars));
    if (app.allowRemoteFileUrls) res.setHeader(remoteFileUrlsHeader, 'allowed');
    next();
  });
  for (const endpoint of endpoints) router[endpoint.method](endpoint.path, ...guardsFor(endpoint), handlerFor(endpoint, context));
  for (const [path, allowed] of methodsByPath()) router.all(path, methodNotAllowed(allowed));
  router.use(function notForwarded(req, _res, next) {
    next(new ProxyError(404, 'not_found', `${req.path} is not a Dify endpoint this proxy forwards.`));
  });
  return router;
}

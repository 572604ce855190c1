import type { RequestHandler, Response } from 'express';
import type { AppConfig, AppMode } from '../config.ts';
import { isRecord, ProxyError, unauthorized } from '../errors.ts';
import { contextOf, visitorOf } from '../http/context.ts';
import { receiptOwner, type ReceiptKind, type Receipts } from '../http/receipts.ts';
import type { Logger } from '../logger.ts';
import { requestLimit, type CounterStores, type SlotClaim, type StreamSlots } from '../middleware/limits.ts';
import { bearerToken, type Sessions } from '../session.ts';
import { hasPlainIds, type Endpoint } from './table.ts';

/** First guard of every route: the exact method (Express also routes HEAD to GET) and plain ids only. */
export function exactRoute(endpoint: Endpoint): RequestHandler {
  return function exactRoute(req, res, next) {
    if (req.method.toLowerCase() !== endpoint.method) {
      next('route');
      return;
    }
    if (!hasPlainIds(req.params)) throw new ProxyError(404, 'not_found', `${req.path} is not a Dify endpoint this proxy forwards.`);
    contextOf(res).endpoint = endpoint.name;
    next();
  };
}

/** For a path the allowlist knows under other methods: 405 with `Allow`, or 404 if its ids are not plain. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  return function methodNotAllowed(req, _res, next) {
    if (!hasPlainIds(req.params)) next(new ProxyError(404, 'not_found', `${req.path} is not a Dify endpoint this proxy forwards.`));
    else
      next(
        new ProxyError(405, 'method_not_allowed', `${req.method} is not allowed here; use ${allowed.join(' or ')}.`, {
          Allow: allowed.join(', '),
        }),
      );
  };
}

/** The visitor's session token, verified for this app; the visitor is kept in the request's context. */
export function authenticate(sessions: Sessions, appId: string): RequestHandler {
  return function authenticate(req, res, next) {
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
    contextOf(res).visitor = sessions.verify(token, appId);
    next();
  };
}

export function visitorRequestLimit(app: AppConfig, logger: Logger, counters: CounterStores): RequestHandler {
  return requestLimit({
    name: 'visitor',
    windowMs: app.limits.windowMs,
    limit: app.limits.requestsPerVisitor,
    key: (_req, res) => `${app.id}:${visitorOf(res).user}`,
    code: 'rate_limited',
    describe: 'Too many requests in this chat session.',
    logger,
    store: counters(`visitor:${app.id}`),
  });
}

/** The visitor's calls to endpoints that make Dify spend (TTS, speech to text, uploads, suggestions, renames). */
export function paidCallLimit(app: AppConfig, logger: Logger, counters: CounterStores): RequestHandler {
  return requestLimit({
    name: 'paid',
    windowMs: app.limits.windowMs,
    limit: app.limits.paidCallsPerVisitor,
    key: (_req, res) => `${app.id}:${visitorOf(res).user}`,
    code: 'rate_limited',
    describe: 'Too many uploads, voice or suggestion requests in this chat session.',
    logger,
    store: counters(`paid:${app.id}`),
  });
}

/** What Dify itself answers when the id is not one it knows for this visitor. */
const notReceived: Readonly<Record<ReceiptKind, (res: Response) => void>> = {
  form: () => {
    throw new ProxyError(404, 'not_found', 'Form not found');
  },
  message: () => {
    throw new ProxyError(404, 'not_found', 'Message Not Exists.');
  },
  // Dify answers every stop this way, whoever's the task (dify-api.md §5); it just does nothing.
  task: (res) => void res.json({ result: 'success' }),
};

/**
 * A form, task or message is acted on only by the visitor whose stream carried its id: Dify checks no
 * owner on the form endpoints, the workflow stop or text-to-audio. Anyone else gets Dify's own answer
 * for an unknown id, and nothing goes upstream.
 */
export function receiptRequired(receipt: NonNullable<Endpoint['receipt']>, receipts: Receipts, appId: string): RequestHandler {
  return async function receiptRequired(req, res, next) {
    const id: unknown = 'param' in receipt ? req.params[receipt.param] : isRecord(req.body) ? req.body[receipt.field] : undefined;
    if (id === undefined && 'field' in receipt) return next();
    if (typeof id === 'string' && (await receipts.ownerOf(receipt.kind, id)) === receiptOwner(appId, visitorOf(res).user)) return next();
    notReceived[receipt.kind](res);
  };
}

/** Only the endpoints of the app's mode are open. */
export function modeAllows(endpoint: Endpoint, resolveMode: () => Promise<AppMode>): RequestHandler {
  return async function modeAllows(_req, res, next) {
    const mode = await resolveMode();
    if (!endpoint.modes.includes(mode)) {
      throw new ProxyError(404, 'not_found', `${endpoint.path} is not available for this app, which is a ${mode} app.`);
    }
    contextOf(res).mode = mode;
    next();
  };
}

/**
 * Takes one generation slot for the visitor and one for their address (minting more sessions does not
 * lift the cap), both or neither; returns the release. Throws the 429 when either is full.
 */
export async function takeGenerationSlots(slots: StreamSlots, app: AppConfig, res: Response, address: string): Promise<() => void> {
  const claims: [SlotClaim & { whose: string }, ...(SlotClaim & { whose: string })[]] = [
    { key: `${app.id}:visitor:${visitorOf(res).user}`, limit: app.limits.streamsPerVisitor, whose: 'per visitor' },
    { key: `${app.id}:ip:${address}`, limit: app.limits.streamsPerIp, whose: 'from your network' },
    // The app's whole load on Dify: many visitors (or many sessions) together cannot exceed it.
    { key: `${app.id}:all`, limit: app.limits.streamsPerApp, whose: 'for everybody using this chat' },
  ];
  const taken = await slots.tryAcquire(claims);
  if ('release' in taken) return taken.release;
  const { limit, whose } = claims[taken.full] ?? claims[0];
  throw new ProxyError(
    429,
    'too_many_concurrent_streams',
    `At most ${limit} answers can be generated at once ${whose}; wait for one to finish or stop it.`,
    { 'Retry-After': '1' },
  );
}

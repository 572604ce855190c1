/**
 * The request pipeline, in Dify's order: route match (404/405) → auth (401) → user argument (415/400) →
 * mode guard → handler. Every request is recorded before it is judged.
 */
import { isRecord } from '../../shared/json.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, bearerToken } from './auth.ts';
import { badRequest, DifyHttpError, internalError, invalidParam, methodNotAllowed, unknownPath } from './errors.ts';
import { queryRecord, sendError, sendJson } from './http.ts';
import { withNotFoundHelp } from './not-found-help.ts';
import { readRequestBody, recordedBody, type ParsedBody } from './request-body.ts';
import type { Route, UserArgument } from './route.ts';
import type { RequestContext, SimulatorRuntime } from './runtime.ts';
import type { RecordedRequest } from './types.ts';

/** Routes outside `/v1` (signed file URLs); they take no API key. */
export interface PublicRoute {
  path: RegExp;
  handle(runtime: SimulatorRuntime, response: ServerResponse, params: Record<string, string>): void;
}

const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization, X-App-Code',
  'Access-Control-Allow-Methods': 'GET, PUT, POST, DELETE, OPTIONS, PATCH',
};

function multipartKeepBytes(runtime: SimulatorRuntime): number {
  const largestMb = Math.max(runtime.limitsMb.image, runtime.limitsMb.other, 30);
  return largestMb * 1024 * 1024 + 64 * 1024;
}

function userFrom(body: ParsedBody, query: Record<string, string>): string | undefined {
  if (body.kind === 'json' && isRecord(body.value) && body.value['user'] !== undefined) return String(body.value['user']);
  if (body.kind === 'multipart' && body.multipart.fields['user'] !== undefined) return body.multipart.fields['user'];
  return query['user'];
}

/** Flask's `request.get_json()` as the user-argument wrapper calls it. */
function jsonObject(body: ParsedBody): Record<string, unknown> {
  const unsupported = new DifyHttpError(
    415,
    'unsupported_media_type',
    "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.",
  );
  if (body.kind === 'none' || body.kind === 'multipart') throw unsupported;
  if (!body.isJsonContentType) throw unsupported;
  if (body.kind === 'invalid-json') throw badRequest('Invalid JSON payload received or JSON payload is empty.');
  // Dify calls `.get("user")` on the payload: anything but an object is an AttributeError, a 500.
  if (!isRecord(body.value)) throw internalError();
  return body.value;
}

function readUser(
  argument: UserArgument,
  body: ParsedBody,
  query: Record<string, string>,
): { user: string | undefined; json: Record<string, unknown> } {
  let raw: unknown;
  let json: Record<string, unknown> = {};
  if (argument.from === 'json') {
    json = jsonObject(body);
    raw = json['user'];
  } else if (argument.from === 'form') {
    raw = body.kind === 'multipart' ? body.multipart.fields['user'] : undefined;
  } else {
    raw = query['user'];
  }
  const present = raw !== undefined && raw !== null && raw !== '' && raw !== false && raw !== 0;
  if (!present && argument.required) throw invalidParam('Arg user must be provided.');
  return { user: present ? String(raw) : undefined, json };
}

/** Handles one request against the route table. */
export async function dispatch(
  runtime: SimulatorRuntime,
  routes: readonly Route[],
  publicRoutes: readonly PublicRoute[],
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  runtime.openResponses.add(response);
  response.once('close', () => runtime.openResponses.delete(response));
  const url = new URL(request.url ?? '/', 'http://simulator.invalid');
  const query = queryRecord(url.searchParams);
  const body = await readRequestBody(request, multipartKeepBytes(runtime));
  const method = (request.method ?? 'GET').toUpperCase();
  const key = bearerToken(request.headers.authorization);
  const app = key === undefined ? undefined : runtime.apps.get(key);
  const record: RecordedRequest = {
    method,
    path: url.pathname,
    query,
    headers: request.headers,
    body: recordedBody(body),
    ...(app === undefined ? {} : { appKey: app.key }),
    ...(userFrom(body, query) === undefined ? {} : { user: userFrom(body, query) }),
  };
  runtime.requests.push(record);
  runtime.events.emit('request', record);
  if (request.headers.origin !== undefined) {
    for (const [name, value] of Object.entries(corsHeaders)) response.setHeader(name, value);
  }
  // Dify stamps its release on every response (all the captures).
  response.setHeader('X-Version', runtime.behaviour.serverVersion);
  try {
    await route(runtime, routes, publicRoutes, { request, response, url, query, body, method });
  } catch (error) {
    if (error instanceof DifyHttpError) sendError(response, runtime.behaviour.notFoundHelp ? withNotFoundHelp(error, url.pathname) : error);
    else {
      console.error('[dify-simulator] unexpected error', error);
      sendError(response, internalError());
    }
  }
}

interface Incoming {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  query: Record<string, string>;
  body: ParsedBody;
  method: string;
}

async function route(
  runtime: SimulatorRuntime,
  routes: readonly Route[],
  publicRoutes: readonly PublicRoute[],
  incoming: Incoming,
): Promise<void> {
  const { request, response, url, query, body, method } = incoming;
  const pathname = url.pathname;
  if (method === 'OPTIONS') {
    response.writeHead(200, { ...corsHeaders, 'Content-Length': 0 });
    response.end();
    return;
  }
  for (const publicRoute of publicRoutes) {
    const match = publicRoute.path.exec(pathname);
    if (match !== null && method === 'GET') {
      publicRoute.handle(runtime, response, { ...match.groups });
      return;
    }
  }
  if (pathname === '/v1' || pathname === '/v1/') {
    if (method !== 'GET') throw methodNotAllowed();
    sendJson(response, 200, { welcome: 'Dify OpenAPI', api_version: 'v1', server_version: runtime.behaviour.serverVersion });
    return;
  }
  if (!pathname.startsWith('/v1/')) throw unknownPath();
  const subPath = pathname.slice('/v1'.length);
  const candidates = routes
    .map((candidate) => ({ candidate, match: candidate.path.exec(subPath) }))
    .filter((entry) => entry.match !== null);
  if (candidates.length === 0) throw unknownPath();
  const chosen = candidates.find((entry) => entry.candidate.method === method);
  if (chosen === undefined) throw methodNotAllowed();
  const { candidate, match } = chosen;
  const app = authenticate(request.headers.authorization, runtime.apps);
  const argument = candidate.user;
  const { user, json } = argument === undefined ? { user: undefined, json: {} } : readUser(argument, body, query);
  if (candidate.modes !== undefined && !candidate.modes.allowed.includes(app.mode)) throw candidate.modes.error();
  const context: RequestContext = {
    runtime,
    request,
    response,
    app,
    user,
    endUser: runtime.store.endUser(app.key, user),
    params: { ...match?.groups },
    query,
    body: argument?.from === 'json' ? json : body.kind === 'json' && isRecord(body.value) ? body.value : {},
    multipart: body.kind === 'multipart' ? body.multipart : undefined,
  };
  await candidate.handle(context);
}

import type { Request, Response } from 'express';
import { variableName, type AppConfig, type Timeouts } from '../config.ts';
import { ProxyError, parseDifyErrorBody } from '../errors.ts';
import { contextOf, visitorOf } from '../http/context.ts';
import { forwardMultipart } from '../http/multipart.ts';
import { failWhenSilent, isClosed, pipeBody } from '../http/pipe.ts';
import { createEventStreamRelay, type EventStreamRelay } from '../http/sse.ts';
import { UpstreamAborted, type DifyClient, type UpstreamRequest } from '../upstream/dify.ts';
import { upstreamBody, upstreamQuery, type BodySchemas } from './bodies.ts';
import type { Endpoint } from './table.ts';

/** What forwarding needs besides the request: the app, its client and the shared stream registry. */
export interface ForwardContext {
  readonly app: AppConfig;
  readonly client: DifyClient;
  readonly schemas: BodySchemas;
  readonly timeouts: Timeouts;
  /** Open stream relays, so a shutdown can end them cleanly. */
  readonly relays: Set<EventStreamRelay>;
  /** Keeps background work (stop calls) visible to a shutdown that waits for it. */
  readonly track: (work: Promise<unknown>) => void;
}

/**
 * Response headers copied from Dify; everything else (cookies, server details) stays behind. Not
 * Content-Length: fetch may have decompressed the body, so Node chunks it instead.
 */
const forwardedResponseHeaders = ['content-type', 'content-disposition', 'cache-control'];

function abortWhenVisitorLeaves(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

function isEventStream(response: globalThis.Response): boolean {
  return (response.headers.get('content-type') ?? '').toLowerCase().startsWith('text/event-stream');
}

/** Copies a non-stream Dify answer: status, allowlisted headers, body bytes. Non-JSON errors become Dify-shaped. */
async function passThrough(upstream: globalThis.Response, res: Response, idleMs: number): Promise<void> {
  const body =
    upstream.body === null
      ? null
      : failWhenSilent(
          upstream.body,
          idleMs,
          () => new ProxyError(504, 'upstream_timeout', `Dify stopped sending its answer for ${Math.round(idleMs / 1000)} s. Please try again.`),
        );
  const contentType = upstream.headers.get('content-type') ?? '';
  if (upstream.status >= 400 && !contentType.includes('json')) {
    await body?.cancel();
    throw new ProxyError(
      502,
      'upstream_error',
      `Dify answered ${upstream.status} without a Dify error body; something between the proxy and Dify may be failing. Check ${variableName('apiUrl')}.`,
    );
  }
  if (upstream.status >= 400) {
    // Dify's own error: pass its body on unchanged but make sure it is the documented shape.
    const text = body === null ? '' : await new globalThis.Response(body).text();
    if (parseDifyErrorBody(text) === undefined) {
      throw new ProxyError(502, 'upstream_error', `Dify answered ${upstream.status} with an unexpected body.`);
    }
    res.status(upstream.status).type('application/json').send(text);
    return;
  }
  res.status(upstream.status);
  for (const name of forwardedResponseHeaders) {
    const value = upstream.headers.get(name);
    if (value !== null) res.setHeader(name, value);
  }
  if (body === null || upstream.status === 204) {
    await body?.cancel();
    res.end();
    return;
  }
  await pipeBody(body, res);
}

function streamingRequested(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'response_mode' in json && json.response_mode === 'streaming';
}

/**
 * Forwards one allowlisted request: builds the upstream request (allowlisted fields, the session's
 * `user`, merged inputs), sends it, and relays the answer — streamed byte for byte when it is SSE.
 */
export async function forward(req: Request, res: Response, endpoint: Endpoint, segments: readonly string[], context: ForwardContext): Promise<void> {
  const visitor = visitorOf(req);
  const requestContext = contextOf(req);
  const { client, timeouts } = context;
  let json: Record<string, unknown> | undefined;
  let multipart: ReturnType<typeof forwardMultipart> | undefined;
  if (endpoint.body === 'multipart') {
    multipart = forwardMultipart(req, { user: visitor.user, maxFileBytes: context.app.limits.maxUploadBytes });
    await multipart.ready;
  } else if (endpoint.body !== 'none') {
    json = upstreamBody(context.schemas, endpoint, context.app, visitor, req.body);
  }
  const query = endpoint.method === 'GET' ? upstreamQuery(endpoint, req.query, visitor) : undefined;
  const streaming = endpoint.kind === 'generate' && streamingRequested(json);
  const stopPath = endpoint.stopPath;
  const relay =
    streaming && stopPath !== undefined
      ? createEventStreamRelay(res, {
          timeouts,
          onAbandoned: (taskId) => {
            requestContext.logFields['stopRequested'] = true;
            context.track(
              client.stopTask(stopPath(taskId), visitor.user, timeouts.stopMs).then((stopped) => {
                requestContext.logger.info({ endpoint: endpoint.name, taskId, stopped }, 'answer abandoned: upstream aborted and Dify asked to stop the task');
              }),
            );
          },
        })
      : undefined;
  const slowRequest = endpoint.kind === 'generate' ? !streaming : endpoint.body === 'multipart';
  const request: UpstreamRequest = {
    endpoint: endpoint.name,
    method: endpoint.method,
    path: segments,
    signal: relay?.signal ?? abortWhenVisitorLeaves(res),
    headersTimeoutMs: slowRequest ? timeouts.blockingMs : timeouts.headersMs,
    ...(query === undefined ? {} : { query }),
    ...(json === undefined ? {} : { json }),
    ...(multipart === undefined ? {} : { stream: { body: multipart.body, contentType: multipart.contentType } }),
  };

  let upstream: globalThis.Response;
  try {
    upstream = await client.send(request);
  } catch (error) {
    relay?.dispose();
    const uploadFailure = multipart?.failure();
    if (uploadFailure !== undefined) throw uploadFailure;
    if (error instanceof UpstreamAborted || isClosed(res)) return;
    throw error;
  }
  requestContext.logFields['upstreamStatus'] = upstream.status;
  const uploadFailure = multipart?.failure();
  if (uploadFailure !== undefined) {
    await upstream.body?.cancel();
    throw uploadFailure;
  }
  if (relay !== undefined && upstream.ok && upstream.body !== null && isEventStream(upstream)) {
    context.relays.add(relay);
    // The same object the relay keeps updating: the request log line shows what was learned by then.
    requestContext.logFields['stream'] = relay.observation;
    try {
      await relay.pipe(upstream.body);
    } finally {
      context.relays.delete(relay);
    }
    return;
  }
  relay?.dispose();
  if (isClosed(res)) {
    await upstream.body?.cancel();
    return;
  }
  try {
    await passThrough(upstream, res, timeouts.idleMs);
  } catch (error) {
    if (isClosed(res)) return;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    throw error;
  }
}

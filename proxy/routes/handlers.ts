import type { Request, RequestHandler, Response } from 'express';
import type { AppConfig, Timeouts } from '../config.ts';
import { ProxyError } from '../errors.ts';
import { createBlockingAnswer } from '../http/blocking-answer.ts';
import { contextOf, visitorOf } from '../http/context.ts';
import { relayEventStream } from '../http/event-stream.ts';
import { createGenerationRun, failureOf, type GenerationRun } from '../http/generation.ts';
import { forwardMultipart } from '../http/multipart.ts';
import { isClosed } from '../http/pump.ts';
import { relayResponse } from '../http/relay.ts';
import { clientAddressKey, type StreamSlots } from '../middleware/limits.ts';
import { UpstreamAborted, type DifyClient } from '../upstream/dify.ts';
import type { BodySchemas } from './bodies.ts';
import { takeGenerationSlots } from './guards.ts';
import type { Endpoint } from './table.ts';
import { buildUpstreamRequest, type UpstreamCall } from './upstream-request.ts';

/** What the handlers of one app share. */
export interface HandlerContext {
  readonly app: AppConfig;
  readonly client: DifyClient;
  readonly schemas: BodySchemas;
  readonly timeouts: Timeouts;
  readonly slots: StreamSlots;
  /** Generations in progress, so a shutdown can end them. */
  readonly runs: Set<GenerationRun>;
  /** Keeps background work (stop calls) visible to a shutdown that waits for it. */
  readonly track: (work: Promise<unknown>) => void;
}

function upstreamCall(endpoint: Endpoint, req: Request, res: Response, context: HandlerContext): UpstreamCall {
  return buildUpstreamRequest(endpoint, { params: req.params, query: req.query, body: req.body, visitor: visitorOf(res) }, context);
}

const isEventStream = (response: globalThis.Response) =>
  (response.headers.get('content-type') ?? '').toLowerCase().startsWith('text/event-stream');

/** An aborted signal of our own when the visitor leaves before the answer is complete. */
function abortWhenVisitorLeaves(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** Answers a blocking call from the streamed generation, as Dify's blocking mode would have. */
async function answerBlocking(res: Response, body: ReadableStream<Uint8Array>, run: GenerationRun): Promise<void> {
  const answer = createBlockingAnswer(contextOf(res).mode ?? 'chat');
  const end = await run.read(body, () => undefined, answer.add);
  if (isClosed(res)) return;
  const failure = failureOf(end);
  if (failure !== undefined) throw new ProxyError(...failure);
  const result = answer.result();
  if ('error' in result) throw result.error;
  res.json(result.body);
}

/** A generation: capped per visitor and address, always streamed from Dify, stopped when the visitor leaves. */
function generate(endpoint: Endpoint, context: HandlerContext, stopPath: (taskId: string) => string[]): RequestHandler {
  return async function generate(req, res) {
    const { request, visitorStreams } = upstreamCall(endpoint, req, res, context);
    const { timeouts, client } = context;
    const visitor = visitorOf(res);
    const requestContext = contextOf(res);
    const release = takeGenerationSlots(context.slots, context.app, res, clientAddressKey(req));
    const run = createGenerationRun({
      idleMs: timeouts.idleMs,
      totalMs: visitorStreams ? timeouts.streamMs : timeouts.blockingMs,
      stop: async (taskId) => {
        requestContext.logFields['stopRequested'] = true;
        const stopped = await client.stopTask(stopPath(taskId), visitor.user, timeouts.stopMs);
        requestContext.logger.info(
          { endpoint: endpoint.name, taskId, stopped },
          'answer abandoned: upstream aborted and Dify asked to stop the task',
        );
      },
    });
    context.runs.add(run);
    res.once('close', () => {
      if (!res.writableFinished) run.visitorLeft();
    });
    // Tracked as a whole, so a shutdown waits until the visitor got their last frame and Dify was stopped.
    const relayed = relayGeneration(res, request, visitorStreams, run, context).finally(() => {
      context.runs.delete(run);
      // The slots are held until Dify has stopped generating, not merely until the visitor has gone.
      release();
    });
    context.track(relayed);
    await relayed;
  };
}

async function relayGeneration(
  res: Response,
  request: UpstreamCall['request'],
  visitorStreams: boolean,
  run: GenerationRun,
  context: HandlerContext,
): Promise<void> {
  const requestContext = contextOf(res);
  const upstream = await context.client.send({ ...request, signal: run.signal }).catch((error: unknown) => {
    const failure = failureOf(run.observation.end ?? 'completed');
    throw failure === undefined ? error : new ProxyError(...failure);
  });
  requestContext.logFields['upstreamStatus'] = upstream.status;
  if (!upstream.ok || upstream.body === null || !isEventStream(upstream)) {
    await relayResponse(upstream, res, context.timeouts.idleMs);
    return;
  }
  // The same object the run keeps updating: the request log line shows what was learned by then.
  requestContext.logFields['stream'] = run.observation;
  if (visitorStreams) await relayEventStream(res, upstream.body, run, context.timeouts.heartbeatMs);
  else await answerBlocking(res, upstream.body, run);
}

/** An upload: the visitor's one file streamed through with the session's `user`. */
function upload(endpoint: Endpoint, context: HandlerContext): RequestHandler {
  return async function upload(req, res) {
    const { request } = upstreamCall(endpoint, req, res, context);
    const multipart = forwardMultipart(req, { user: visitorOf(res).user, maxFileBytes: context.app.limits.maxUploadBytes });
    await multipart.ready;
    const upstream = await context.client
      .send({ ...request, signal: abortWhenVisitorLeaves(res), stream: { body: multipart.body, contentType: multipart.contentType } })
      .catch((error: unknown) => {
        throw multipart.failure() ?? error;
      });
    contextOf(res).logFields['upstreamStatus'] = upstream.status;
    const failure = multipart.failure();
    if (failure !== undefined) {
      await upstream.body?.cancel();
      throw failure;
    }
    await relayResponse(upstream, res, context.timeouts.idleMs);
  };
}

/** Any other call: one request to Dify, its answer relayed as it comes. */
function plainCall(endpoint: Endpoint, context: HandlerContext): RequestHandler {
  return async function plainCall(req, res) {
    const { request } = upstreamCall(endpoint, req, res, context);
    const upstream = await context.client.send({ ...request, signal: abortWhenVisitorLeaves(res) });
    contextOf(res).logFields['upstreamStatus'] = upstream.status;
    await relayResponse(upstream, res, context.timeouts.idleMs);
  };
}

/** The last handler of an endpoint's route. A visitor who left meanwhile is no error. */
export function handlerFor(endpoint: Endpoint, context: HandlerContext): RequestHandler {
  const handler =
    endpoint.kind === 'generate' && endpoint.stopPath !== undefined
      ? generate(endpoint, context, endpoint.stopPath)
      : endpoint.body === 'multipart'
        ? upload(endpoint, context)
        : plainCall(endpoint, context);
  return async function handle(req, res, next) {
    try {
      await handler(req, res, next);
    } catch (error) {
      if (error instanceof UpstreamAborted || isClosed(res)) return;
      throw error;
    }
  };
}

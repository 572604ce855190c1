import type { Request, RequestHandler, Response } from 'express';
import type { AppConfig, Timeouts } from '../config.ts';
import { ProxyError } from '../errors.ts';
import { createBlockingAnswer } from '../http/blocking-answer.ts';
import { contextOf, visitorOf } from '../http/context.ts';
import { relayEventStream } from '../http/event-stream.ts';
import { createGenerationRun, failureOf, type GenerationOptions, type GenerationRun } from '../http/generation.ts';
import { forwardMultipart } from '../http/multipart.ts';
import { isClosed } from '../http/pump.ts';
import { relayResponse } from '../http/relay.ts';
import { clientAddressKey, type StreamSlots } from '../middleware/limits.ts';
import { UpstreamAborted, type DifyClient } from '../upstream/dify.ts';
import type { BodySchemas } from './bodies.ts';
import type { InputRule } from './input-rules.ts';
import { refuseWhatTheWorkerWould, runsInWorker } from './worker-checks.ts';
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
  /** The app's input form, to refuse what Dify's worker would refuse in silence. */
  readonly inputRules: () => Promise<InputRule[] | undefined>;
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

/** Asks Dify to stop a task the visitor no longer waits for, and logs that it did. */
async function stopTask(res: Response, context: HandlerContext, endpoint: Endpoint, path: string[]): Promise<void> {
  const requestContext = contextOf(res);
  requestContext.logFields['stopRequested'] = true;
  const stopped = await context.client.stopTask(path, visitorOf(res).user, context.timeouts.stopMs);
  requestContext.logger.info(
    { endpoint: endpoint.name, taskId: path.at(-2), stopped },
    'answer abandoned: upstream aborted and Dify asked to stop the task',
  );
}

/** A run registered for shutdown, told when its visitor leaves. */
function startRun(
  res: Response,
  context: HandlerContext,
  options: Pick<GenerationOptions, 'totalMs' | 'firstEventMs' | 'stop'>,
): GenerationRun {
  const run = createGenerationRun({ idleMs: context.timeouts.idleMs, afterEndMs: context.timeouts.afterEndMs, ...options });
  context.runs.add(run);
  res.once('close', () => {
    if (!res.writableFinished) run.visitorLeft();
  });
  return run;
}

/** A generation: capped per visitor and address, always streamed from Dify, stopped when the visitor leaves. */
function generate(endpoint: Endpoint, context: HandlerContext, stopPath: (taskId: string) => string[]): RequestHandler {
  return async function generate(req, res) {
    const { request, visitorStreams } = upstreamCall(endpoint, req, res, context);
    const inWorker = runsInWorker.has(contextOf(res).mode ?? 'chat');
    if (inWorker) await refuseWhatTheWorkerWould(endpoint, request.json, context.inputRules);
    const release = takeGenerationSlots(context.slots, context.app, res, clientAddressKey(req));
    const run = startRun(res, context, {
      totalMs: visitorStreams ? context.timeouts.streamMs : context.timeouts.blockingMs,
      ...(inWorker ? { firstEventMs: context.timeouts.firstEventMs } : {}),
      stop: (taskId) => stopTask(res, context, endpoint, stopPath(taskId)),
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

import type { RequestHandler, Response } from 'express';
import type { Readable } from 'node:stream';
import { isRecord, ProxyError } from '../errors.ts';
import { createBlockingAnswer } from '../http/blocking-answer.ts';
import { contextOf, visitorOf } from '../http/context.ts';
import { relayEventStream } from '../http/event-stream.ts';
import { receiptOwner, receiptsIn } from '../http/receipts.ts';
import { createGenerationRun, failureOf, type GenerationOptions, type GenerationRun } from '../http/generation.ts';
import { isClosed } from '../http/pump.ts';
import { relayResponse } from '../http/relay.ts';
import { clientAddressKey } from '../middleware/limits.ts';
import { visitorSettableInputs } from './bodies.ts';
import { reserveOrRefuse, tokenClaims } from './budget-guard.ts';
import { chargeStreamedSpeech } from './side-budgets.ts';
import { takeGenerationSlots } from './guards.ts';
import { upstreamCall, type HandlerContext } from './handler-context.ts';
import type { StreamAnswer } from '../upstream/node-transport.ts';
import type { Endpoint } from './table.ts';
import type { UpstreamCall } from './upstream-request.ts';
import { refuseWhatTheWorkerWould, runsInWorker } from './worker-checks.ts';

const isEventStream = (answer: StreamAnswer) => (answer.header('content-type') ?? '').toLowerCase().startsWith('text/event-stream');

/** Answers a blocking call from the streamed generation, as Dify's blocking mode would have. */
async function answerBlocking(
  res: Response,
  body: Readable,
  run: GenerationRun,
  onFrame: (frame: Record<string, unknown>) => void,
  beforeAnswer: () => Promise<void>,
): Promise<void> {
  const answer = createBlockingAnswer(contextOf(res).mode ?? 'chat');
  const end = await run.read(
    body,
    () => undefined,
    (frame) => {
      onFrame(frame);
      answer.add(frame);
    },
    true,
  );
  if (isClosed(res)) return;
  const failure = failureOf(end);
  if (failure !== undefined) throw new ProxyError(...failure);
  const result = answer.result();
  if ('error' in result) throw result.error;
  await beforeAnswer();
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
  options: Pick<GenerationOptions, 'totalMs' | 'afterEndMs' | 'firstEventMs' | 'stop'>,
): GenerationRun {
  const run = createGenerationRun({ idleMs: context.timeouts.idleMs, ...options });
  context.runs.add(run);
  res.once('close', () => {
    if (!res.writableFinished) run.visitorLeft();
  });
  return run;
}

/** Keeps the answer's length with its message, what reading it aloud will be charged. */
async function noteAnswerLength(run: GenerationRun, context: HandlerContext): Promise<void> {
  const { messageId, answerChars } = run.observation;
  if (messageId !== undefined && answerChars !== undefined)
    await context.receipts.noteAnswerLength(messageId, answerChars).catch(() => undefined);
}

/**
 * How long a stream run in Dify's API process (chat, agent-chat, agent, completion) may be quiet after
 * its message_end: with the app's autoplay, Dify then still sends the answer's speech, waiting up to 5 s
 * for each piece (`TTS_AUTO_PLAY_TIMEOUT`), and closes the stream after `tts_message_end`; without it, it
 * closes right away, so the longer wait costs nothing. A worker's stream (chatflow, workflow) sends no
 * speech after its end (dify-api.md §4.3) and keeps `afterEndMs`.
 */
const speechWaitMs = 6_000;

const sentInputs = (body: unknown) => isRecord(body) && isRecord(body['inputs']) && Object.keys(body['inputs']).length > 0;

/** A generation: capped per visitor and address, always streamed from Dify, stopped when the visitor leaves. */
export function generate(endpoint: Endpoint, context: HandlerContext, stopPath: NonNullable<Endpoint['stopPath']>): RequestHandler {
  return async function generate(req, res) {
    // Built once without the visitor's inputs first, so that a bad body costs no call to Dify at all.
    const checked = upstreamCall(endpoint, req, res, context);
    const inWorker = runsInWorker.has(contextOf(res).mode ?? 'chat');
    const needsForm = inWorker || (context.app.visitorInputs === undefined && sentInputs(req.body));
    const rules = needsForm ? await context.inputRules() : undefined;
    const settable = visitorSettableInputs(
      context.app,
      rules?.map((rule) => rule.variable),
    );
    const { request, visitorStreams } = settable.size === 0 ? checked : upstreamCall(endpoint, req, res, context, settable);
    if (inWorker) refuseWhatTheWorkerWould(endpoint, request.json, rules);
    // Reserved before Dify is asked, so concurrent generations see each other; settled with the real usage.
    const claims = tokenClaims(context.app, context.tokensPerDayAllApps, res);
    const reservation = await reserveOrRefuse(context.budgets, claims, context.app.limits.tokensReservedPerAnswer);
    const release = await takeGenerationSlots(context.slots, context.app, res, clientAddressKey(req)).catch(async (error: unknown) => {
      await reservation.settle(0).catch(() => undefined);
      throw error;
    });
    const run = startRun(res, context, {
      totalMs: visitorStreams ? context.timeouts.streamMs : context.timeouts.blockingMs,
      afterEndMs: inWorker ? context.timeouts.afterEndMs : Math.max(context.timeouts.afterEndMs, speechWaitMs),
      ...(inWorker ? { firstEventMs: context.timeouts.firstEventMs } : {}),
      stop: (taskId) => stopTask(res, context, endpoint, stopPath(taskId, contextOf(res).mode ?? 'chat')),
    });
    // Tracked as a whole, so a shutdown waits until the visitor got their last frame and Dify was stopped.
    const relayed = relayGeneration(res, request, visitorStreams, run, context).finally(async () => {
      context.runs.delete(run);
      // The slots are held until Dify has stopped generating, not merely until the visitor has gone.
      release();
      // What Dify reported spent counts even when the visitor left (a stopped answer still cost tokens);
      // a generation that reported nothing (refused, failed before its end) gives its reservation back.
      await reservation.settle(run.observation.totalTokens ?? 0).catch(() => undefined);
      await noteAnswerLength(run, context);
      if (run.observation.spoken) await chargeStreamedSpeech(context, res, run.observation.answerChars ?? 0).catch(() => undefined);
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
  const sentAt = performance.now();
  const upstream = await context.client.sendStream({ ...request, signal: run.signal }).catch((error: unknown) => {
    const failure = failureOf(run.observation.end ?? 'completed');
    throw failure === undefined ? error : new ProxyError(...failure);
  });
  requestContext.logFields['upstreamStatus'] = upstream.status;
  requestContext.logFields['upstreamHeadersMs'] = Math.round(performance.now() - sentAt);
  if (upstream.status < 200 || upstream.status >= 300 || !isEventStream(upstream)) {
    await relayResponse(upstream.asResponse(), res, context.timeouts.idleMs);
    return;
  }
  // The same object the run keeps updating: the request log line shows what was learned by then.
  requestContext.logFields['stream'] = run.observation;
  const owner = receiptOwner(context.app.id, visitorOf(res).user);
  // Not awaited, so no byte waits for Redis; a receipt that could not be stored only refuses a later stop.
  const bindReceipts = (frame: Record<string, unknown>) => {
    for (const receipt of receiptsIn(frame))
      void context.receipts.bind(receipt.kind, receipt.id, owner, receipt.expiresAtMs).catch(() => undefined);
  };
  if (visitorStreams) await relayEventStream(res, upstream.body, run, context.timeouts.heartbeatMs, bindReceipts);
  // Noted before a blocking answer is sent, so reading it aloud at once is charged its length.
  else await answerBlocking(res, upstream.body, run, bindReceipts, () => noteAnswerLength(run, context));
}

import type { RequestHandler, Response } from 'express';
import { ProxyError } from '../errors.ts';
import { contextOf, visitorOf } from '../http/context.ts';
import { forwardMultipart } from '../http/multipart.ts';
import { isClosed } from '../http/pump.ts';
import { relayResponse } from '../http/relay.ts';
import { UpstreamAborted } from '../upstream/dify.ts';
import { generate } from './generate.ts';
import { upstreamCall, type HandlerContext } from './handler-context.ts';
import { meterUpload, reserveSpeech } from './side-budgets.ts';
import type { Endpoint } from './table.ts';
/** An aborted signal of our own when the visitor leaves before the answer is complete. */
function abortWhenVisitorLeaves(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The only part types Dify's speech-to-text takes (dify-api.md §9.1): a browser's `audio/webm` is refused. */
const speechTypes = {
  allowedTypes: ['audio/mp3', 'audio/m4a', 'audio/wav', 'audio/amr', 'audio/mpga'],
  wrongType: () =>
    new ProxyError(415, 'unsupported_audio_type', 'Dify accepts only mp3, m4a, wav, amr or mpga audio (sent as audio/mp3, audio/m4a, …).'),
} as const;

/**
 * Uploads one visitor may stream at once: each holds a connection to Dify for as long as the visitor
 * takes to send the file, so a slow sender must not hold many (30 at once were seen).
 */
const uploadsAtOncePerVisitor = 2;

/** Holds one of the visitor's upload slots until the response closes; 429 when both are taken. */
async function takeUploadSlot(context: HandlerContext, res: Response): Promise<void> {
  const taken = await context.slots.tryAcquire([
    { key: `${context.app.id}:upload:${visitorOf(res).user}`, limit: uploadsAtOncePerVisitor },
  ]);
  if (!('release' in taken)) {
    throw new ProxyError(
      429,
      'too_many_concurrent_uploads',
      `At most ${uploadsAtOncePerVisitor} files can be uploaded at once; wait for one to finish.`,
      {
        'Retry-After': '1',
      },
    );
  }
  res.once('close', taken.release);
}

/** An upload: the visitor's one file streamed through with the session's `user`. */
function upload(endpoint: Endpoint, context: HandlerContext): RequestHandler {
  return async function upload(req, res) {
    const { request } = upstreamCall(endpoint, req, res, context);
    await takeUploadSlot(context, res);
    const meter = await meterUpload(context, res, endpoint);
    let transcribed = false;
    res.once('close', () => void meter.settle(transcribed).catch(() => undefined));
    const multipart = forwardMultipart(req, {
      user: visitorOf(res).user,
      maxFileBytes: context.app.limits.maxUploadBytes,
      onFileBytes: meter.onFileBytes,
      ...(endpoint.name === 'audio-to-text' ? speechTypes : {}),
    });
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
    transcribed = upstream.ok;
    await relayResponse(upstream, res, context.timeouts.idleMs);
  };
}

/** Any other call: one request to Dify, its answer relayed as it comes. */
function plainCall(endpoint: Endpoint, context: HandlerContext): RequestHandler {
  return async function plainCall(req, res) {
    const { request } = upstreamCall(endpoint, req, res, context);
    const speech = endpoint.name === 'text-to-audio' ? await reserveSpeech(context, req, res) : undefined;
    const upstream = await context.client.send({ ...request, signal: abortWhenVisitorLeaves(res) }).catch(async (error: unknown) => {
      await speech?.settle(0);
      throw error;
    });
    // Dify read nothing aloud: the characters are given back. Otherwise the reservation is what it cost.
    if (!upstream.ok) await speech?.settle(0);
    contextOf(res).logFields['upstreamStatus'] = upstream.status;
    await relayResponse(upstream, res, context.timeouts.idleMs);
  };
}

/** The last handler of an endpoint's route. A visitor who left meanwhile is no error. */
export function handlerFor(endpoint: Endpoint, context: HandlerContext): RequestHandler {
  const handler =
    endpoint.stopPath !== undefined
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

import type { Response } from 'express';
import { variableName } from '../config.ts';
import { ProxyError, parseDifyErrorBody, type DifyErrorBody } from '../errors.ts';
import { isClosed, pump, writeOrWait } from './pump.ts';

/**
 * Response headers copied from Dify; everything else (cookies, server details) stays behind. Not
 * Content-Length: fetch may have decompressed the body, so Node chunks it instead.
 */
const forwardedResponseHeaders = ['content-type', 'content-disposition', 'cache-control'];

const silenceError = (idleMs: number) =>
  new ProxyError(504, 'upstream_timeout', `Dify stopped sending its answer for ${Math.round(idleMs / 1000)} s. Please try again.`);

/** Reads a whole (error) body as text, within the idle limit. */
async function readText(body: ReadableStream<Uint8Array> | null, idleMs: number): Promise<string> {
  if (body === null) return '';
  const decoder = new TextDecoder();
  let text = '';
  const end = await pump(body, idleMs, (chunk) => {
    text += decoder.decode(chunk, { stream: true });
  });
  if (end === 'silent') throw silenceError(idleMs);
  return text + decoder.decode();
}

/**
 * Dify's per-app cap on concurrent generations arrives as a 400 `invalid_param` (its 429 handler is never
 * reached, dify-api.md §1.3), which reads to a client as its own mistake; it is a busy app, so a 429.
 */
function isConcurrencyCap(error: DifyErrorBody): boolean {
  return error.status === 400 && error.code === 'invalid_param' && error.message.startsWith('Too many requests.');
}

const appBusy = () =>
  new ProxyError(429, 'too_many_requests', 'The assistant is answering as many people as it can right now. Try again in a few seconds.', {
    'Retry-After': '5',
  });

/** Dify's own error passes on unchanged, provided it is the documented shape; anything else becomes a 502. */
async function relayError(upstream: globalThis.Response, res: Response, idleMs: number): Promise<void> {
  if (!(upstream.headers.get('content-type') ?? '').includes('json')) {
    await upstream.body?.cancel();
    throw new ProxyError(
      502,
      'upstream_error',
      `Dify answered ${upstream.status} without a Dify error body; something between the proxy and Dify may be failing. Check ${variableName('apiUrl')}.`,
    );
  }
  const text = await readText(upstream.body, idleMs);
  const error = parseDifyErrorBody(text);
  if (error === undefined) throw new ProxyError(502, 'upstream_error', `Dify answered ${upstream.status} with an unexpected body.`);
  if (isConcurrencyCap(error)) throw appBusy();
  res.status(upstream.status).type('application/json').send(text);
}

/**
 * Relays an answer that is not an event stream: status, allowlisted headers and the body's bytes as
 * they arrive, honouring backpressure. Throws a ProxyError while the visitor can still get one.
 */
export async function relayResponse(upstream: globalThis.Response, res: Response, idleMs: number): Promise<void> {
  if (isClosed(res)) {
    await upstream.body?.cancel();
    return;
  }
  if (upstream.status >= 400) {
    await relayError(upstream, res, idleMs);
    return;
  }
  res.status(upstream.status);
  for (const name of forwardedResponseHeaders) {
    const value = upstream.headers.get(name);
    if (value !== null) res.setHeader(name, value);
  }
  if (upstream.body === null || upstream.status === 204) {
    await upstream.body?.cancel();
    res.end();
    return;
  }
  const end = await pump(upstream.body, idleMs, (chunk) => writeOrWait(res, chunk));
  if (end === 'done') {
    if (!isClosed(res)) res.end();
    return;
  }
  // Too late for a status: cut the visitor off rather than pass on a truncated body as complete.
  if (res.headersSent || isClosed(res)) res.destroy();
  else if (end === 'silent') throw silenceError(idleMs);
  else throw new ProxyError(502, 'upstream_error', 'The connection to Dify broke while it was answering. Please try again.');
}

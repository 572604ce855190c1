import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ProxyError, isRecord } from '../errors.ts';
import { contextOf, type RequestContext } from '../http/context.ts';

/** Sends a ProxyError as Dify's JSON error shape, with its headers. */
export function sendProxyError(res: Response, error: ProxyError): void {
  // The log line and the metrics say which refusal it was (absent only outside the proxy's own app).
  const context: RequestContext | undefined = res.locals.context;
  if (context !== undefined) context.logFields['code'] = error.code;
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(error.status).json(error.toBody());
}

/**
 * Translates the errors Express's own layers raise for a client's mistake (body-parser, the router's
 * parameter decoding) into Dify's wording. Their messages are not reused: they can quote the body.
 */
function fromExpress(error: unknown): ProxyError | undefined {
  if (!isRecord(error)) return undefined;
  switch (error['type']) {
    case 'entity.too.large':
      return new ProxyError(413, 'payload_too_large', 'The request body is larger than this proxy accepts; send a shorter message.');
    case 'entity.too.deep':
      return new ProxyError(
        400,
        'invalid_param',
        'The JSON body nests objects or arrays more than 32 levels deep; no Dify endpoint takes that.',
      );
    case 'entity.parse.failed':
      return new ProxyError(400, 'bad_request', 'Invalid JSON payload received or JSON payload is empty.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ProxyError(415, 'unsupported_media_type', 'Send the body as UTF-8 JSON without content encoding.');
    case 'request.aborted':
      return new ProxyError(400, 'request_aborted', 'The request body was cut off before it was complete.');
  }
  // Any other error Express marks as the client's (a 4xx status): a malformed URL, a body whose length
  // does not match its Content-Length, …
  const status = error['status'];
  if (typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 500) {
    return new ProxyError(status, 'bad_request', 'The request could not be read: its URL or body is malformed. Check how it is encoded.');
  }
  return undefined;
}

/** The catch-all for paths no route claimed. */
export const notFound: RequestHandler = function notFound(req, res) {
  sendProxyError(res, new ProxyError(404, 'not_found', `${req.method} ${req.originalUrl.split('?')[0]} does not exist on this proxy.`));
};

/**
 * The last middleware (Express recognises it by its four parameters). Known errors keep their status and
 * code; anything else is logged and answered with a generic 500 that leaks no detail.
 */
export const errorHandler: ErrorRequestHandler = function errorHandler(error: unknown, _req, res, _next) {
  const context = contextOf(res);
  const detail = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
  if (res.headersSent) {
    // Too late for a status code; streams report their own errors in-band, so just close. Not through
    // Express's final handler: it prints the error with console.error, past the logger's secret filter.
    context.logger.error({ err: detail }, 'failed after the response had started; connection closed');
    res.destroy();
    return;
  }
  const known = error instanceof ProxyError ? error : fromExpress(error);
  if (known !== undefined) {
    sendProxyError(res, known);
    return;
  }
  context.logger.error({ err: detail }, 'unexpected error');
  sendProxyError(
    res,
    new ProxyError(
      500,
      'internal_server_error',
      `The proxy failed unexpectedly (request ${context.requestId}); the operator can find details in the logs.`,
    ),
  );
};

import { settingName, type AppConfig } from '../config.ts';
import { ProxyError, parseDifyErrorBody, stringProperty } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { answerOfResponse, requestStream, type StreamAnswer } from './node-transport.ts';

/** One request to Dify. Path segments are encoded here; the base URL and the key come from the app config. */
export interface UpstreamRequest {
  readonly endpoint: string;
  readonly method: string;
  readonly path: readonly string[];
  readonly query?: URLSearchParams;
  readonly json?: Readonly<Record<string, unknown>>;
  readonly stream?: { readonly body: ReadableStream<Uint8Array>; readonly contentType: string };
  /** Aborts the request (the visitor left, or the stream relay gave up). */
  readonly signal: AbortSignal;
  /** Time allowed until response headers arrive. */
  readonly headersTimeoutMs: number;
}

/** Thrown when the caller's own signal aborted the request (not a timeout, not a network failure). */
export class UpstreamAborted extends Error {
  override readonly name = 'UpstreamAborted';
}

/** The only holder of an app's API key: sends requests to that app's Dify. */
export interface DifyClient {
  readonly appId: string;
  /** Sends a request; Dify's own answers (any status except a key rejection or a redirect) come back as-is. */
  send(request: UpstreamRequest): Promise<Response>;
  /**
   * Sends a JSON request whose answer is relayed as a stream (a generation), over node:http with a
   * keep-alive agent rather than fetch's web streams; the same checks and errors as `send`.
   */
  sendStream(request: UpstreamRequest): Promise<StreamAnswer>;
  /** Asks Dify to stop a task for a user; never throws (the visitor is already gone). */
  stopTask(path: readonly string[], user: string, timeoutMs: number): Promise<boolean>;
}

const urlHint = `Check ${settingName('apiUrl')} and that Dify is running.`;

function networkReason(error: unknown): string {
  // fetch wraps the socket's error in `cause`; node:http throws it as it is.
  const code = stringProperty(error instanceof Error ? error.cause : undefined, 'code') ?? stringProperty(error, 'code');
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return 'the connection was closed unexpectedly';
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'connecting timed out';
    default:
      return (code !== undefined && code.startsWith('ERR_TLS')) || code?.includes('CERT') === true
        ? 'the TLS handshake failed'
        : 'the request failed';
  }
}

/** Dify's 403 codes that mean the key's app cannot be used at all (1.13 says `forbidden`; newer builds are specific). */
const appAccessCodes = new Set([
  'forbidden',
  'app_not_found',
  'app_abnormal_status',
  'app_api_disabled',
  'workspace_not_found',
  'workspace_archived',
]);

/**
 * Whether Dify refused the key itself (always for 401; for 403 only app-access codes, and not on /site,
 * where 403 means the app has no web site configured). Other 403s are ordinary answers and pass through.
 */
function isKeyRejection(status: number, code: string | undefined, endpoint: string): boolean {
  if (status === 401) return true;
  return status === 403 && endpoint !== 'site' && (code === undefined || appAccessCodes.has(code));
}

/** Builds the URL and asserts it stays under the configured base, whatever the segments hold. */
function upstreamUrl(apiUrl: string, path: readonly string[], query?: URLSearchParams): URL {
  const base = new URL(`${apiUrl}/`);
  const url = new URL(path.map((segment) => encodeURIComponent(segment)).join('/'), base);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
    throw new ProxyError(404, 'not_found', 'This path is not forwarded.');
  }
  if (query !== undefined) url.search = query.toString();
  return url;
}

/** The headers every request to Dify carries; the key is added here and nowhere else. */
function headersFor(app: AppConfig, request: UpstreamRequest): Record<string, string> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${app.apiKey}`,
    'User-Agent': 'dify-widget-proxy',
    Accept: 'application/json, text/event-stream',
  };
  if (request.json !== undefined) headers['Content-Type'] = 'application/json';
  else if (request.stream !== undefined) headers['Content-Type'] = request.stream.contentType;
  return headers;
}

/**
 * Creates the Dify client of one app. Generations go over node:http unless a fetch was given (tests and
 * embedders that wrap the upstream), which then carries every request.
 */
export function createDifyClient(app: AppConfig, logger: Logger, givenFetch?: typeof fetch): DifyClient {
  const fetchImplementation = givenFetch ?? fetch;

  /** What a failed request becomes: the caller's own abort, a timeout, or an unreachable Dify. */
  function failure(error: unknown, request: UpstreamRequest, timedOut: boolean): Error {
    if (request.signal.aborted) return new UpstreamAborted('the request was abandoned');
    if (timedOut) {
      logger.warn(
        { app: app.id, endpoint: request.endpoint, apiUrl: app.apiUrl, timeoutMs: request.headersTimeoutMs },
        'Dify did not answer in time',
      );
      return new ProxyError(
        504,
        'upstream_timeout',
        `Dify did not answer within ${Math.round(request.headersTimeoutMs / 1000)} s. ${urlHint}`,
      );
    }
    const reason = networkReason(error);
    logger.error({ app: app.id, endpoint: request.endpoint, apiUrl: app.apiUrl, reason }, 'Dify is unreachable');
    return new ProxyError(502, 'upstream_unreachable', `Could not reach Dify: ${reason}. ${urlHint}`);
  }

  async function send(request: UpstreamRequest): Promise<Response> {
    const url = upstreamUrl(app.apiUrl, request.path, request.query);
    const headers = headersFor(app, request);
    const body = request.json !== undefined ? JSON.stringify(request.json) : request.stream?.body;
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), request.headersTimeoutMs);
    const init: RequestInit & { duplex?: 'half' } = {
      method: request.method,
      headers,
      redirect: 'manual',
      signal: AbortSignal.any([request.signal, timer.signal]),
    };
    if (body !== undefined) init.body = body;
    if (body instanceof ReadableStream) init.duplex = 'half';
    let response: Response;
    try {
      response = await fetchImplementation(url, init);
    } catch (error) {
      throw failure(error, request, timer.signal.aborted);
    } finally {
      clearTimeout(timeout);
    }
    return inspect(response, request.endpoint);
  }

  async function sendStream(request: UpstreamRequest): Promise<StreamAnswer> {
    if (givenFetch !== undefined) return answerOfResponse(await send(request));
    const url = upstreamUrl(app.apiUrl, request.path, request.query);
    const body = request.json === undefined ? undefined : JSON.stringify(request.json);
    let answer: StreamAnswer;
    try {
      answer = await requestStream(url, {
        method: request.method,
        headers: headersFor(app, request),
        body,
        signal: request.signal,
        headersTimeoutMs: request.headersTimeoutMs,
      });
    } catch (error) {
      throw failure(error, request, stringProperty(error, 'code') === 'UND_ERR_HEADERS_TIMEOUT');
    }
    // Key rejections and redirects are rare: they are judged on the fetch-shaped answer, as `send` judges them.
    if (answer.status === 401 || answer.status === 403 || (answer.status >= 300 && answer.status < 400))
      return answerOfResponse(await inspect(answer.asResponse(), request.endpoint));
    return answer;
  }

  async function inspect(response: Response, endpoint: string): Promise<Response> {
    if (response.status === 401 || response.status === 403) {
      const text = await response.text().catch(() => '');
      const detail = parseDifyErrorBody(text);
      if (isKeyRejection(response.status, detail?.code, endpoint)) {
        logger.error(
          { app: app.id, endpoint, upstreamStatus: response.status, upstreamCode: detail?.code, upstreamMessage: detail?.message },
          `Dify rejected the API key: check ${settingName('apiKey')} and that the app's API access is enabled`,
        );
        throw new ProxyError(
          502,
          'upstream_auth_failed',
          "The Dify app refused this proxy's credentials. The site operator needs to check the API key.",
        );
      }
      return new Response(text, { status: response.status, headers: response.headers });
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      logger.error({ app: app.id, endpoint, upstreamStatus: response.status, apiUrl: app.apiUrl }, 'Dify answered with a redirect');
      throw new ProxyError(502, 'upstream_redirect', `Dify answered with a redirect, which the proxy does not follow. ${urlHint}`);
    }
    return response;
  }

  async function stopTask(path: readonly string[], user: string, timeoutMs: number): Promise<boolean> {
    try {
      const response = await send({
        endpoint: 'stop',
        method: 'POST',
        path,
        json: { user },
        signal: new AbortController().signal,
        headersTimeoutMs: timeoutMs,
      });
      await response.body?.cancel();
      return response.ok;
    } catch (error) {
      logger.warn(
        { app: app.id, detail: error instanceof Error ? error.message : String(error) },
        'stopping an abandoned Dify task failed',
      );
      return false;
    }
  }

  return { appId: app.id, send, sendStream, stopTask };
}

import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

/** An answer whose body is a Node stream: what the generation relay reads, without web streams in between. */
export interface StreamAnswer {
  readonly status: number;
  /** A response header, lower-case name; undefined when absent. */
  header(name: string): string | undefined;
  readonly body: Readable;
  /** The same answer as a fetch Response, for the rare paths that read a whole (error) body. */
  asResponse(): Response;
}

export interface StreamRequestInit {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly signal: AbortSignal;
  readonly headersTimeoutMs: number;
}

/** Thrown when no headers came in time; `code` as undici names it, so one mapping explains both transports. */
class HeadersTimeout extends Error {
  readonly code = 'UND_ERR_HEADERS_TIMEOUT';
}

/** Keep-alive pools, one per protocol for the whole process: a generation costs no new connection to Dify. */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, scheduling: 'lifo' }),
} as const;

function headerOf(message: IncomingMessage, name: string): string | undefined {
  const value = message.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function answerOf(message: IncomingMessage): StreamAnswer {
  return {
    status: message.statusCode ?? 502,
    header: (name) => headerOf(message, name),
    body: message,
    asResponse() {
      const headers = new Headers();
      for (const [name, value] of Object.entries(message.headers))
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      const status = message.statusCode ?? 502;
      const empty = status === 204 || status === 304;
      return new Response(empty ? null : (Readable.toWeb(message) as ReadableStream<Uint8Array>), { status, headers });
    },
  };
}

/** A fetch Response seen as a StreamAnswer (when a test or an embedder gave the proxy its own fetch). */
export function answerOfResponse(response: Response): StreamAnswer {
  const body = response.body === null ? Readable.from([]) : Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  return { status: response.status, header: (name) => response.headers.get(name) ?? undefined, body, asResponse: () => response };
}

/**
 * One request with node:http over a keep-alive agent. Resolves at the response headers; rejects with the
 * socket's error (its `code` says why), an AbortError once `signal` aborts, or HeadersTimeout. Aborting
 * later destroys the response, which closes the connection to Dify at once.
 */
export function requestStream(url: URL, init: StreamRequestInit): Promise<StreamAnswer> {
  return new Promise((resolve, reject) => {
    const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
    const send = protocol === 'https:' ? https.request : http.request;
    const headers = init.body === undefined ? init.headers : { ...init.headers, 'Content-Length': String(Buffer.byteLength(init.body)) };
    const request = send(url, { method: init.method, headers, agent: agents[protocol], signal: init.signal });
    const timer = setTimeout(() => request.destroy(new HeadersTimeout('no response headers in time')), init.headersTimeoutMs);
    request.once('response', (message) => {
      clearTimeout(timer);
      resolve(answerOf(message));
    });
    request.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(init.body);
  });
}

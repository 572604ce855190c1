// What one address, or everybody together, may hold open on the proxy's own port: a proxy that runs out of
// file descriptors stops answering every visitor and every health check at once (dify-api.md aside; see
// proxy-practices.md on slowloris). Node gives the total cap and the header deadline; the per-address cap
// and the body-idle deadline are built here, on the sockets, before any request is parsed.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../logger.ts';
import { OnceAMinute } from '../middleware/once-a-minute.ts';

export interface ConnectionLimits {
  /** Open connections the whole process accepts; more are dropped by Node. */
  readonly max: number;
  /** Open connections one client address may hold; 0 turns the cap off (behind a reverse proxy). */
  readonly perAddress: number;
  /** Time a client has to send its request headers. */
  readonly headersMs: number;
  /** Longest silence while a client is still sending a request body. */
  readonly bodyIdleMs: number;
}

/** Says each kind of refusal once per address per minute, so a flood cannot flood the log as well. */
class RefusalLog {
  private readonly once = new OnceAMinute();

  constructor(private readonly logger: Logger) {}

  say(reason: string, address: string, fields: Record<string, unknown> = {}): void {
    this.once.for(`${reason} ${address}`, () =>
      this.logger.warn({ reason, address, ...fields }, `connection refused: ${reason} (said once a minute per address)`),
    );
  }
}

const addressOf = (socket: Socket) => socket.remoteAddress ?? 'unknown';

/** Dify's error shape, written raw: the refused connection has no parsed request to answer through Express. */
function refuseRaw(socket: Socket, perAddress: number): void {
  const body = JSON.stringify({
    code: 'too_many_connections',
    message: `This address already has ${perAddress} open connections to the chat; close some tabs or try again in a moment.`,
    status: 429,
  });
  socket.end(
    `HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nRetry-After: 5\r\nConnection: close\r\n\r\n${body}`,
  );
  // A client that never reads its refusal must not keep the descriptor either.
  setTimeout(() => socket.destroy(), 1_000).unref();
}

/** What Node's own parser refuses, before any request exists, answered in Dify's shape instead of a bare status. */
const parserRefusals: Readonly<Record<string, { status: number; code: string; reason: string; message: string }>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'request_header_fields_too_large',
    reason: 'Request Header Fields Too Large',
    message: 'The request headers are larger than this proxy accepts.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'request_timeout',
    reason: 'Request Timeout',
    message: 'The request headers took too long to arrive.',
  },
};
const malformed = { status: 400, code: 'bad_request', reason: 'Bad Request', message: 'The request is not valid HTTP.' };

function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const { status, code, reason, message } = parserRefusals[error.code ?? ''] ?? malformed;
  const body = JSON.stringify({ code, message, status });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Counts each address's open sockets and refuses the one over the cap. */
function capPerAddress(server: Server, perAddress: number, refusals: RefusalLog): void {
  const open = new Map<string, number>();
  server.prependListener('connection', (socket: Socket) => {
    const address = addressOf(socket);
    const count = (open.get(address) ?? 0) + 1;
    if (count > perAddress) {
      refusals.say('too many connections from this address', address, { perAddress });
      refuseRaw(socket, perAddress);
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/**
 * Arms the socket's inactivity timer while a request body is still arriving, and disarms it once the body
 * is in: a long answer may be quiet for minutes, a half-sent body may not. After an answer Node re-arms the
 * same timer for keep-alive, so a timeout outside a body is Node's idle close, done as Node would.
 */
function limitBodySilence(server: Server, bodyIdleMs: number, refusals: RefusalLog): void {
  const receiving = new WeakSet<Socket>();
  server.on('request', (req, res) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || req.complete) return;
    const socket = req.socket;
    receiving.add(socket);
    socket.setTimeout(bodyIdleMs);
    req.once('end', () => {
      if (receiving.delete(socket)) socket.setTimeout(0);
    });
    // Answered before the body was read (a refusal): Node owns the timer from here on.
    res.once('finish', () => receiving.delete(socket));
  });
  server.on('timeout', (socket: Socket) => {
    if (receiving.has(socket)) refusals.say('request body stalled', addressOf(socket), { bodyIdleMs });
    socket.destroy();
  });
}

/**
 * The proxy's HTTP server with the connection limits applied: the total cap, a deadline for the request
 * headers, a per-address cap and a deadline for silence inside a request body, each refusal logged.
 */
export function createProxyServer(handler: RequestListener, limits: ConnectionLimits, logger: Logger): Server {
  // Node checks the header deadline on this interval; its default (30 s) would let a short deadline slip.
  const server = createServer(
    { headersTimeout: limits.headersMs, connectionsCheckingInterval: Math.min(1_000, limits.headersMs) },
    handler,
  );
  const refusals = new RefusalLog(logger);
  server.maxConnections = limits.max;
  server.on('drop', (data?: { remoteAddress?: string }) => {
    refusals.say('the proxy is at its connection cap', data?.remoteAddress ?? 'unknown', { max: limits.max });
  });
  if (limits.perAddress > 0) capPerAddress(server, limits.perAddress, refusals);
  limitBodySilence(server, limits.bodyIdleMs, refusals);
  server.on('clientError', answerClientError);
  return server;
}

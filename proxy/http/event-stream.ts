import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { failureOf, type GenerationRun } from './generation.ts';
import { envelopeOf, type StreamObservation } from './observe.ts';
import { isClosed, writeOrWait } from './pump.ts';

const keepAlive = ': keep-alive\n\n';
const newline = 10;
const carriageReturn = 13;

/** True when the bytes written so far end with a blank line, i.e. between two events. */
function endsAtEventBoundary(tail: readonly number[]): boolean {
  let end = tail.length;
  if (end === 0) return true;
  if (tail[end - 1] === newline) end -= tail[end - 2] === carriageReturn ? 2 : 1;
  else if (tail[end - 1] === carriageReturn) end -= 1;
  else return false;
  if (end === 0) return true;
  const previous = tail[end - 1];
  return previous === newline || previous === carriageReturn;
}

/** Dify's `error` event, with the stream's envelope keys so the client can tie it to the answer. */
function errorFrame(observation: StreamObservation, status: number, code: string, message: string): string {
  return `data: ${JSON.stringify({ event: 'error', ...envelopeOf(observation), status, code, message })}\n\n`;
}

function openEventStream(res: ServerResponse): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('X-Accel-Buffering', 'no');
  res.socket?.setNoDelay(true);
  res.flushHeaders();
}

/**
 * Relays a generation's event stream to the visitor byte for byte, with comment heartbeats between
 * events while Dify is quiet, and ends it with Dify's `error` event when the proxy had to end it.
 */
export async function relayEventStream(
  res: ServerResponse,
  body: Readable,
  run: GenerationRun,
  heartbeatMs: number,
  onFrame?: (frame: Record<string, unknown>) => void,
): Promise<void> {
  if (!isClosed(res)) openEventStream(res);
  // The last four bytes written, kept in place: no copy per chunk.
  const tail: number[] = [];
  let lastWriteAt = performance.now();
  const write = (chunk: Uint8Array | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let index = Math.max(0, bytes.length - 4); index < bytes.length; index += 1) {
      tail.push(bytes[index] ?? 0);
      if (tail.length > 4) tail.shift();
    }
    lastWriteAt = performance.now();
    return writeOrWait(res, chunk);
  };
  // One timer for the stream rather than one reset per chunk: when it fires it sleeps on for what is left.
  let heartbeat: NodeJS.Timeout | undefined;
  const beat = (inMs: number) => {
    heartbeat = setTimeout(() => {
      const quiet = performance.now() - lastWriteAt;
      if (quiet < heartbeatMs) return beat(heartbeatMs - quiet);
      if (!isClosed(res) && endsAtEventBoundary(tail)) void write(keepAlive);
      beat(heartbeatMs);
    }, inMs);
  };
  beat(heartbeatMs);
  const end = await run.read(body, write, onFrame).finally(() => clearTimeout(heartbeat));
  if (isClosed(res)) return;
  const failure = failureOf(end);
  if (failure !== undefined) {
    if (!endsAtEventBoundary(tail)) void write('\n\n');
    void write(errorFrame(run.observation, ...failure));
  }
  res.end();
}

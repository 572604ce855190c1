import type { ServerResponse } from 'node:http';
import { createParser } from 'eventsource-parser';
import type { Timeouts } from '../config.ts';
import { envelopeOf, observeEvent, type StreamObservation } from './observe.ts';
import { drainedOrClosed, isClosed } from './pipe.ts';

/** How a relayed stream ended. */
export type StreamEnd =
  | 'completed'
  | 'incomplete'
  | 'broken'
  | 'idle-timeout'
  | 'total-timeout'
  | 'visitor-gone'
  | 'shutdown';

export interface RelayOptions {
  readonly timeouts: Pick<Timeouts, 'idleMs' | 'streamMs' | 'heartbeatMs' | 'taskIdGraceMs'>;
  /** Called at most once, when the visitor left before the answer ended: stop this Dify task. */
  readonly onAbandoned: (taskId: string) => void;
}

/**
 * Relays one Dify event stream to the visitor. Create it before calling Dify and give `signal` to the
 * upstream fetch: the relay decides when the upstream request must be aborted.
 */
export interface EventStreamRelay {
  readonly signal: AbortSignal;
  /** Updated as the stream passes; `end` is set once it is over. */
  readonly observation: StreamObservation & { readonly end?: StreamEnd };
  /** Streams Dify's body to the visitor byte for byte; resolves when it is over. */
  pipe(body: ReadableStream<Uint8Array>): Promise<StreamEnd>;
  /** Dify answered without a stream (an error, a blocking answer): stop watching the visitor. */
  dispose(): void;
  /** Ends the stream now with an error event, aborts upstream and stops the task (server shutdown). */
  terminate(code: string, message: string): void;
}

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
export function errorFrame(observation: StreamObservation, status: number, code: string, message: string): string {
  return `data: ${JSON.stringify({ event: 'error', ...envelopeOf(observation), status, code, message })}\n\n`;
}

const failureFrames: Partial<Record<StreamEnd, [number, string, string]>> = {
  'idle-timeout': [504, 'upstream_timeout', 'Dify stopped sending the answer. Please try again.'],
  'total-timeout': [504, 'upstream_timeout', 'The answer took longer than this proxy allows. Please try again.'],
  broken: [502, 'upstream_stream_broken', 'The connection to Dify broke before the answer was complete. Please try again.'],
  incomplete: [502, 'upstream_stream_incomplete', 'Dify ended the stream before the answer was complete. Please try again.'],
};

/** Creates the relay for one streaming response. */
export function createEventStreamRelay(res: ServerResponse, options: RelayOptions): EventStreamRelay {
  const upstream = new AbortController();
  const observation: StreamObservation & { end?: StreamEnd } = { events: 0 };
  const timers: NodeJS.Timeout[] = [];
  let visitorGone = false;
  let abandonReported = false;
  let tail: number[] = [];
  let heartbeat: NodeJS.Timeout | undefined;

  function abandon(): void {
    upstream.abort();
    if (abandonReported || observation.taskId === undefined || observation.terminalEvent !== undefined) return;
    abandonReported = true;
    options.onAbandoned(observation.taskId);
  }

  function clearTimers(): void {
    for (const timer of timers) clearTimeout(timer);
    if (heartbeat !== undefined) clearTimeout(heartbeat);
  }

  function onResponseClose(): void {
    if (res.writableFinished) return;
    visitorGone = true;
    observation.end ??= 'visitor-gone';
    if (observation.taskId !== undefined || observation.terminalEvent !== undefined) abandon();
    // Without a task id Dify cannot be told to stop, so keep reading a little to learn it.
    else timers.push(setTimeout(abandon, options.timeouts.taskIdGraceMs));
  }
  res.once('close', onResponseClose);

  function write(chunk: Uint8Array | string): boolean {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    tail = [...tail, ...bytes.subarray(Math.max(0, bytes.length - 4))].slice(-4);
    heartbeat?.refresh();
    return res.write(chunk);
  }

  function finishWithError(status: number, code: string, message: string): void {
    if (isClosed(res)) return;
    if (!endsAtEventBoundary(tail)) write('\n\n');
    write(errorFrame(observation, status, code, message));
    res.end();
  }

  function startTimers(): () => void {
    const stopAfter = (reason: StreamEnd, delay: number) => {
      const timer = setTimeout(() => {
        observation.end ??= reason;
        upstream.abort();
      }, delay);
      timers.push(timer);
      return timer;
    };
    const idle = stopAfter('idle-timeout', options.timeouts.idleMs);
    stopAfter('total-timeout', options.timeouts.streamMs);
    heartbeat = setTimeout(function beat() {
      if (!visitorGone && !isClosed(res) && endsAtEventBoundary(tail)) write(keepAlive);
      heartbeat?.refresh();
    }, options.timeouts.heartbeatMs);
    return () => {
      idle.refresh();
    };
  }

  async function pipe(body: ReadableStream<Uint8Array>): Promise<StreamEnd> {
    if (!visitorGone) {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache, no-transform');
      res.setHeader('X-Accel-Buffering', 'no');
      res.socket?.setNoDelay(true);
      res.flushHeaders();
    }
    const touchIdle = startTimers();
    const decoder = new TextDecoder();
    const parser = createParser({ onEvent: (event) => observeEvent(event.data, observation) });
    const reader = body.getReader();
    let failed = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        touchIdle();
        // Forward first, observe after: observation never delays a byte.
        if (!visitorGone && !isClosed(res) && !write(value)) {
          await drainedOrClosed(res);
          // Time spent waiting for a slow visitor is not Dify's silence.
          touchIdle();
        }
        parser.feed(decoder.decode(value, { stream: true }));
        if (visitorGone && (observation.taskId !== undefined || observation.terminalEvent !== undefined)) abandon();
      }
    } catch {
      failed = true;
    } finally {
      clearTimers();
      reader.releaseLock();
    }
    if (observation.end === undefined) {
      if (failed) observation.end = 'broken';
      else observation.end = observation.terminalEvent === undefined ? 'incomplete' : 'completed';
    }
    const end = observation.end;
    const frame = failureFrames[end];
    if (frame !== undefined) finishWithError(...frame);
    else if (!isClosed(res)) res.end();
    if (end !== 'completed') upstream.abort();
    return end;
  }

  return {
    signal: upstream.signal,
    observation,
    pipe,
    dispose() {
      res.off('close', onResponseClose);
      clearTimers();
    },
    terminate(code, message) {
      if (observation.end !== undefined) return;
      observation.end = 'shutdown';
      if (res.headersSent) finishWithError(503, code, message);
      else if (!isClosed(res)) {
        res.statusCode = 503;
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ code, message, status: 503 }));
      }
      abandon();
    },
  };
}

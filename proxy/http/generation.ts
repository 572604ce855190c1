import type { Readable } from 'node:stream';
import type { StreamEventName } from '../../shared/dify-wire.ts';
import { frameReader } from './frames.ts';
import { observeEvent, observeSkipped, type StreamObservation } from './observe.ts';
import { pumpReadable, type PumpEnd } from './pump.ts';

/** How a generation's stream ended, as far as the proxy could tell. */
export type StreamEnd =
  'completed' | 'incomplete' | 'broken' | 'first-event-timeout' | 'idle-timeout' | 'total-timeout' | 'visitor-gone' | 'shutdown';

type FailedEnd = Exclude<StreamEnd, 'completed' | 'visitor-gone'>;

/** The error a visitor gets for each way the proxy had to end a generation: `[status, code, message]`. */
const failures: Readonly<Record<FailedEnd, readonly [number, string, string]>> = {
  'first-event-timeout': [
    504,
    'upstream_timeout',
    'Dify accepted the request but did not start answering. The app may have refused its inputs or files; please try again.',
  ],
  'idle-timeout': [504, 'upstream_timeout', 'Dify stopped sending the answer. Please try again.'],
  'total-timeout': [504, 'upstream_timeout', 'The answer took longer than this proxy allows. Please try again.'],
  broken: [502, 'upstream_stream_broken', 'The connection to Dify broke before the answer was complete. Please try again.'],
  incomplete: [502, 'upstream_stream_incomplete', 'Dify ended the stream before the answer was complete. Please try again.'],
  shutdown: [503, 'server_shutdown', 'The chat server is restarting. Please send your message again.'],
};

/** The visitor's error for an end, or undefined when the stream ended as Dify ended it (or nobody is left to tell). */
export function failureOf(end: StreamEnd): readonly [number, string, string] | undefined {
  return end === 'completed' || end === 'visitor-gone' ? undefined : failures[end];
}

/**
 * Frames after which nothing of the answer follows, so the proxy closes at once: Dify keeps chatflow and
 * workflow connections open after an `error` (dify-api.md §4.3). After `message_end` a chatflow's
 * `workflow_finished` or a chat's TTS frames may still come, so that one only ends the stream once Dify
 * goes quiet (`afterEndMs`).
 */
const closingEvents: ReadonlySet<unknown> = new Set<StreamEventName>(['error', 'workflow_finished', 'workflow_paused']);

/** Dify is done with a task once its answer ended this way; after an `error` a chatflow's task may still run. */
const doneEvents: ReadonlySet<unknown> = new Set<StreamEventName>(['message_end', 'workflow_finished', 'workflow_paused']);

export interface GenerationOptions {
  readonly idleMs: number;
  readonly totalMs: number;
  readonly afterEndMs: number;
  /** The longest wait for the first data frame (chatflow and workflow streams may open with a ping and then fall silent). */
  readonly firstEventMs?: number;
  /** Asks Dify to stop the task; called at most once, and only while Dify may still be generating. */
  readonly stop: (taskId: string) => Promise<unknown>;
}

/**
 * One generation Dify runs for a visitor, always as a stream upstream (its task id comes with the first
 * frame, so it can always be stopped). Create it before calling Dify and give `signal` to the fetch.
 */
export interface GenerationRun {
  readonly signal: AbortSignal;
  /** Updated as the stream passes; `end` is set once it is over. */
  readonly observation: StreamObservation & { end?: StreamEnd };
  /**
   * Reads Dify's stream to its end: each chunk to `onChunk` while the visitor is there, and to `onFrame`
   * every frame when `everyFrame`, else the frames until the task id is known and every one that is not
   * plain answer text. Resolves once Dify is no longer generating: the stream is over and any stop call answered.
   */
  read(
    body: Readable,
    onChunk: (chunk: Uint8Array) => void | Promise<void>,
    onFrame?: (frame: Record<string, unknown>) => void,
    everyFrame?: boolean,
  ): Promise<StreamEnd>;
  /** The visitor left: stop Dify now, or as soon as the first frame names the task. */
  visitorLeft(): void;
  /** Ends the run now, stopping Dify (server shutdown). */
  terminate(): void;
}

/** How a generation ended, from how its stream was read (a visitor's leaving or a timeout was recorded first). */
function endOf(pumped: PumpEnd, observation: StreamObservation): StreamEnd {
  if (observation.terminalEvent !== undefined) return 'completed';
  if (pumped === 'silent') return 'idle-timeout';
  return pumped === 'failed' ? 'broken' : 'incomplete';
}

/** The run's two deadlines: its whole length, and (for worker streams) the wait for its first data frame. */
function deadlines(options: GenerationOptions, finish: (reason: StreamEnd) => void) {
  const total = setTimeout(() => finish('total-timeout'), options.totalMs);
  const first = options.firstEventMs === undefined ? undefined : setTimeout(() => finish('first-event-timeout'), options.firstEventMs);
  return {
    firstFrame: () => clearTimeout(first),
    clear() {
      clearTimeout(total);
      clearTimeout(first);
    },
  };
}

/** Reads frames into the observation; each parsed one goes on to `onFrame` (see frameReader for which are parsed). */
function observer(
  observation: StreamObservation,
  parseAll: () => boolean,
  onFrame: (frame: Record<string, unknown>) => void,
): (chunk: Uint8Array) => void {
  return frameReader(
    {
      frame(frame) {
        observeEvent(frame, observation);
        onFrame(frame);
      },
      skipped: (event, data) => observeSkipped(event, data, observation),
    },
    parseAll,
  );
}

export function createGenerationRun(options: GenerationOptions): GenerationRun {
  const upstream = new AbortController();
  const observation: StreamObservation & { end?: StreamEnd } = { events: 0 };
  let visitorGone = false;
  let stopping: Promise<unknown> | undefined;

  /** Ends the run: the upstream request is aborted and Dify told to stop if it may still be at work. */
  function finish(reason: StreamEnd): void {
    observation.end ??= reason;
    upstream.abort();
    const { taskId, terminalEvent } = observation;
    if (stopping === undefined && taskId !== undefined && !doneEvents.has(terminalEvent))
      stopping = options.stop(taskId).catch(() => undefined);
  }

  /** Without a task id Dify cannot be told to stop, so a gone visitor's stream is read on until it names one. */
  const finishIfAbandoned = () => {
    if (visitorGone && (observation.taskId !== undefined || observation.terminalEvent !== undefined)) finish('visitor-gone');
  };

  const readStream: GenerationRun['read'] = async (body, onChunk, onFrame, everyFrame = false) => {
    const clock = deadlines(options, finish);
    const observe = observer(
      observation,
      () => everyFrame || observation.taskId === undefined,
      (frame) => {
        clock.firstFrame();
        onFrame?.(frame);
        if (closingEvents.has(frame['event'])) finish('completed');
      },
    );
    const quietAllowed = () => (observation.terminalEvent === undefined ? options.idleMs : options.afterEndMs);
    const pumped = await pumpReadable(body, quietAllowed, (chunk) => {
      // Forward first, observe after: observation never delays a byte (a full visitor buffer holds reading back).
      const written = visitorGone ? undefined : onChunk(chunk);
      observe(chunk);
      finishIfAbandoned();
      return written;
    });
    clock.clear();
    finish(endOf(pumped, observation));
    await stopping;
    return observation.end ?? 'broken';
  };

  return {
    signal: upstream.signal,
    observation,
    read: readStream,
    visitorLeft() {
      visitorGone = true;
      observation.end ??= 'visitor-gone';
      finishIfAbandoned();
    },
    terminate: () => finish('shutdown'),
  };
}

import type { Signal } from '@preact/signals';
import type { AnswerAction, AnswerState } from '../core/answer.ts';
import type { DifyAudioEvent, DifyEvent } from '../core/dify-events.ts';
import { isAbortError, ProblemError } from '../core/http.ts';
import type { ProblemKind } from '../core/problems.ts';
import { isSettled } from '../core/status.ts';
import { createAnswerSink, type FrameScheduler } from './answer-sink.ts';
import { reportAnswer, type Reporter } from './reporting.ts';

/**
 * Opens the event stream of one answer. Everything that comes before the first event (waiting for
 * the visitor session, too) belongs inside, so Stop cancels it: an aborted signal makes fetch fail
 * before anything is sent.
 */
type OpenAnswerStream = (signal: AbortSignal) => Promise<ReadableStream<DifyEvent>>;

export interface AnswerRunOptions {
  open: OpenAnswerStream;
  /** The answer the run writes (a new answer starts `submitted`). */
  target: Signal<AnswerState>;
  report: Reporter;
  schedule?: FrameScheduler | undefined;
  /**
   * A refusal of this kind (the request failed before the answer started) is neither shown nor
   * reported: the answer stays `submitted` and `done` says `held-back`, so the caller can ask in
   * another way (the chat starts a fresh conversation when its stored one is gone).
   */
  holdBack?: ProblemKind | undefined;
  /** Sees the newest state after every event and ending (the chat learns its conversation id here). */
  onUpdate?: ((latest: AnswerState) => void) | undefined;
}

/** How a run ended: `settled` (complete, stopped, disconnected or failed) or `held-back` (see `holdBack`). */
type AnswerRunEnd = 'settled' | 'held-back';

/** One answer in flight, from the request to its ending. */
export interface AnswerRun {
  /** Aborts the request or the stream: the answer ends as stopped. Does nothing once the run is over. */
  stop(): void;
  /** Resolves when the run is over: the answer has settled, or its refusal was held back. */
  done: Promise<AnswerRunEnd>;
}

/**
 * Where answers' speech goes (`tts_message` frames): the voice chunk sets `sink` when the app reads answers
 * aloud by itself. The run hands it each speech frame, then the answer once its stream is over.
 */
export const speech: { sink?: ((heard: DifyAudioEvent | AnswerState) => void) | undefined } = {};

/** How the transport ended, before the run decides what that means for the answer. */
type StreamEnding = { type: 'closed' } | Exclude<AnswerAction, { type: 'event' }>;

/**
 * Reads the events of the stream into `onEvent` until it returns true (the answer has settled, and no
 * speech listener waits for more), then says how the stream ended. Never rejects. The stream is closed
 * as soon as that is so: chatflow streams stay open for minutes after an `error` frame (dify-api.md
 * §4.3, checklist 2 and 4).
 */
async function readStream(open: OpenAnswerStream, signal: AbortSignal, onEvent: (event: DifyEvent) => boolean): Promise<StreamEnding> {
  let started = false;
  try {
    const reader = (await open(signal)).getReader();
    started = true;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { type: 'closed' };
      if (onEvent(value)) {
        void reader.cancel().catch(() => undefined);
        return { type: 'closed' };
      }
    }
  } catch (error) {
    if (signal.aborted || isAbortError(error)) return { type: 'aborted' };
    if (error instanceof ProblemError) return { type: 'failed', problem: error.problem };
    // A read that fails after the stream started is a dropped connection, not a refused request.
    if (started) return { type: 'disconnected' };
    return { type: 'failed', problem: { kind: 'unknown', code: 'unexpected_error', detail: String(error) } };
  }
}

/**
 * Starts one answer: opens the stream, folds its events into `target` (through the frame-coalescing
 * sink), ends it exactly once (complete, stopped, disconnected or failed) and reports it to the host
 * page once, the moment it settles. Chat messages and completions both run through here.
 */
export function startAnswer(options: AnswerRunOptions): AnswerRun {
  const controller = new AbortController();
  const sink = createAnswerSink(options.target, options.schedule);
  let reported = false;
  let over = false;

  function apply(action: AnswerAction): void {
    sink.apply(action);
    const latest = sink.latest();
    options.onUpdate?.(latest);
    // Reported the moment the answer settles, so host listeners see events in the order they happen.
    if (!reported && isSettled(latest.status)) {
      reported = true;
      reportAnswer(options.report, latest);
    }
  }

  function end(ending: StreamEnding): AnswerRunEnd {
    if (ending.type === 'failed' && ending.problem.kind === options.holdBack) return 'held-back';
    if (ending.type !== 'closed') apply(ending);
    // The events end an answer (message_end, error, a failed run, a pause); a stream that closes before one lost it on the way.
    else if (!isSettled(sink.latest().status)) apply({ type: 'disconnected' });
    return 'settled';
  }

  async function run(): Promise<AnswerRunEnd> {
    const ending = await readStream(options.open, controller.signal, (event) => {
      if ('audio' in event) speech.sink?.(event);
      else apply({ type: 'event', event });
      const latest = sink.latest();
      // An answer's speech follows its message_end (dify-api.md §4.3): with a listener, the stream is read on
      // until it closes. The proxy closes it at once after an error, workflow_finished or a pause, and a
      // second after a message_end that nothing follows; Dify closes a chat's after tts_message_end.
      return isSettled(latest.status) && !speech.sink;
    });
    const result = end(ending);
    speech.sink?.(sink.latest());
    over = true;
    return result;
  }

  return {
    stop() {
      if (!over) controller.abort();
    },
    done: run(),
  };
}

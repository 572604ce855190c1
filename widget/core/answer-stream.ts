import type { AnswerAction } from './answer.ts';
import type { DifyEvent } from './dify-events.ts';
import { isAbortError, ProblemError } from './http.ts';

/**
 * Runs one streamed answer to its end and reports it as reducer actions: every Dify event, then
 * exactly one of aborted / disconnected / failed when the stream did not end itself. `hasSettled`
 * tells whether the events already ended the answer (`message_end` or `error`).
 */
export async function runAnswerStream(
  open: (signal: AbortSignal) => Promise<ReadableStream<DifyEvent>>,
  signal: AbortSignal,
  dispatch: (action: AnswerAction) => void,
  hasSettled: () => boolean,
): Promise<void> {
  let started = false;
  try {
    const reader = (await open(signal)).getReader();
    started = true;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      dispatch({ type: 'event', event: value });
    }
    if (!hasSettled()) dispatch({ type: 'disconnected' });
  } catch (error) {
    if (signal.aborted || isAbortError(error)) dispatch({ type: 'aborted' });
    else if (error instanceof ProblemError) dispatch({ type: 'failed', problem: error.problem });
    // A read that fails after the stream started is a dropped connection, not a refused request.
    else if (started) dispatch({ type: 'disconnected' });
    else dispatch({ type: 'failed', problem: { kind: 'unknown', code: 'unexpected_error', detail: String(error) } });
  }
}

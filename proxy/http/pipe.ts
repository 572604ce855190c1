import type { ServerResponse } from 'node:http';

/** Resolves when the response can take more data, or when it closed (so a gone visitor never hangs us). */
export function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** True once nothing more can be written to the response. */
export function isClosed(res: ServerResponse): boolean {
  return res.writableEnded || res.destroyed;
}

/**
 * Copies a body to the response as it arrives, honouring backpressure. Resolves when the body ended or
 * the response closed; rejects if reading the body failed.
 */
export async function pipeBody(body: ReadableStream<Uint8Array>, res: ServerResponse): Promise<void> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (isClosed(res)) {
        await reader.cancel();
        return;
      }
      if (!res.write(value)) await drainedOrClosed(res);
    }
  } finally {
    reader.releaseLock();
  }
  if (!isClosed(res)) res.end();
}

/**
 * Wraps a body so that it errors with `silenceError()` when a read waits longer than `idleMs` for the next
 * chunk (the upstream body is cancelled then, freeing its socket). The clock only runs while someone is
 * reading, so a slow visitor holding the pipe back never counts as silence.
 */
export function failWhenSilent(body: ReadableStream<Uint8Array>, idleMs: number, silenceError: () => Error): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let timer: NodeJS.Timeout | undefined;
  let silent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      timer = setTimeout(() => {
        silent = true;
        const error = silenceError();
        controller.error(error);
        reader.cancel(error).catch(() => undefined);
      }, idleMs);
      try {
        const { done, value } = await reader.read();
        if (silent) return;
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        if (!silent) controller.error(error);
      } finally {
        clearTimeout(timer);
      }
    },
    async cancel(reason) {
      clearTimeout(timer);
      await reader.cancel(reason);
    },
  });
}

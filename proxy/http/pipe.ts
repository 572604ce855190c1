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

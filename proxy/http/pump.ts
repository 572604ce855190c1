import type { ServerResponse } from 'node:http';

/** How reading a body ended: its end, a silence longer than allowed, or a failed read (an abort, a cut connection). */
export type PumpEnd = 'done' | 'silent' | 'failed';

/**
 * Reads a body chunk by chunk into `onChunk`, which may return a promise to hold reading back (a slow
 * visitor). The silence clock runs only while waiting for the body, so a slow visitor never counts as
 * the upstream's silence; past `idleMs` the body is cancelled, which frees its socket.
 */
export async function pump(
  body: ReadableStream<Uint8Array>,
  idleMs: number | (() => number),
  onChunk: (chunk: Uint8Array) => void | Promise<void>,
): Promise<PumpEnd> {
  const reader = body.getReader();
  let silent = false;
  let timer: NodeJS.Timeout | undefined;
  const waitForBody = () => {
    timer = setTimeout(
      () => {
        silent = true;
        reader.cancel().catch(() => undefined);
      },
      typeof idleMs === 'number' ? idleMs : idleMs(),
    );
  };
  try {
    for (;;) {
      waitForBody();
      const { done, value } = await reader.read();
      clearTimeout(timer);
      if (silent) return 'silent';
      if (done) return 'done';
      await onChunk(value);
    }
  } catch {
    return silent ? 'silent' : 'failed';
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}

/** True once nothing more can be written to the response. */
export function isClosed(res: ServerResponse): boolean {
  return res.writableEnded || res.destroyed;
}

/** Writes a chunk; when the visitor's buffer is full, resolves once it drains or the visitor leaves. */
export function writeOrWait(res: ServerResponse, chunk: Uint8Array | string): void | Promise<void> {
  if (isClosed(res) || res.write(chunk)) return;
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

import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

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

/**
 * `pump` for a Node stream (a generation's body from node:http). One timer per stream, not per chunk: a
 * chunk only notes its time, and the timer, when it fires, sleeps on for what is left of the allowed
 * silence. It is brought forward only when the allowed silence shrinks (after the answer's end).
 */
export function pumpReadable(body: Readable, idleMs: () => number, onChunk: (chunk: Uint8Array) => void | Promise<void>): Promise<PumpEnd> {
  return new Promise((resolve) => {
    let ended = false;
    let heldBack = false;
    let lastAt = performance.now();
    let due = 0;
    let timer: NodeJS.Timeout | undefined;
    const end = (how: PumpEnd) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      resolve(how);
    };
    const arm = (ms: number) => {
      due = performance.now() + ms;
      timer = setTimeout(check, ms);
    };
    function check() {
      if (ended) return;
      // The silence clock runs only while waiting for the body, never while a slow visitor holds it back.
      const quiet = heldBack ? 0 : performance.now() - lastAt;
      const allowed = idleMs();
      if (quiet < allowed) return arm(allowed - quiet);
      end('silent');
      body.destroy();
    }
    const release = () => {
      heldBack = false;
      lastAt = performance.now();
      if (!ended) body.resume();
    };
    body.on('data', (chunk: Uint8Array) => {
      lastAt = performance.now();
      const wait = onChunk(chunk);
      if (lastAt + idleMs() < due) {
        clearTimeout(timer);
        arm(idleMs());
      }
      if (wait === undefined) return;
      heldBack = true;
      body.pause();
      void wait.then(release);
    });
    body.once('end', () => end('done'));
    body.on('error', () => end('failed'));
    body.once('close', () => end(body.readableEnded ? 'done' : 'failed'));
    arm(idleMs());
  });
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

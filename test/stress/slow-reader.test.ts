import { once } from 'node:events';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../helpers/listen.ts';
import { startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';
import { mintSession } from '../helpers/session.ts';
import { megabytes, settledHeap } from './measure.ts';

// A visitor who reads one byte a second while Dify streams as fast as it is let: the proxy must hold Dify
// back (backpressure), not buffer the answer, and let everything go once the visitor leaves.

let upstream: Listening | undefined;
let proxy: RunningProxy | undefined;
let client: net.Socket | undefined;

afterEach(async () => {
  client?.destroy();
  await proxy?.close();
  await upstream?.close();
  client = undefined;
  proxy = undefined;
  upstream = undefined;
});

const frameBytes = 16 * 1024;
/** What Dify would send if nothing held it back: 256 MB. */
const frames = 16 * 1024;
const slowSeconds = 8;

describe('a visitor reading one byte a second', () => {
  it('holds Dify back instead of buffering megabytes, and releases everything on abort', async () => {
    const frame = Buffer.from(
      `data: ${JSON.stringify({ event: 'message', task_id: 't-slow', message_id: 'm-slow', answer: 'x'.repeat(frameBytes) })}\n\n`,
    );
    let written = 0;
    let upstreamClosed = false;
    upstream = await listen(async (req, res) => {
      req.resume();
      if (req.url?.startsWith('/v1/parameters') === true) return void res.end('{"user_input_form": []}');
      if (req.url?.endsWith('/stop') === true) return void res.end('{"result": "success"}');
      res.once('close', () => {
        upstreamClosed = true;
      });
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
      for (let index = 0; index < frames && !res.destroyed; index += 1) {
        written += frame.length;
        if (!res.write(frame)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      }
      res.end();
    });
    proxy = await startProxy(testConfig(`${upstream.url}/v1`));
    const running = proxy;
    const session = await mintSession(running.url);
    const heapBefore = await settledHeap();
    const rssBefore = process.memoryUsage().rss;

    // A raw socket in paused mode: nothing is read unless the test asks for it.
    const body = JSON.stringify({ query: 'big', inputs: {}, response_mode: 'streaming' });
    const { port } = new URL(running.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    client = socket;
    await once(socket, 'connect');
    socket.write(
      `POST /v1/chat-messages HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${session.token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    let read = 0;
    const readOne = () => {
      const byte: unknown = socket.read(1);
      if (byte instanceof Buffer) read += byte.length;
    };
    readOne();
    await expect.poll(() => running.app.activeStreams(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => written, { timeout: 10_000 }).toBeGreaterThan(frameBytes);

    // Wait until Dify is held: its count stops moving for a whole second.
    let last = -1;
    await expect
      .poll(
        async () => {
          const before = written;
          await new Promise((resolve) => setTimeout(resolve, 1000));
          readOne();
          last = written;
          return written - before;
        },
        { timeout: 60_000, interval: 0 },
      )
      .toBe(0);
    const heldAt = last;
    const heapHeld = await settledHeap();
    const rssHeld = process.memoryUsage().rss;

    // Still held after `slowSeconds` more seconds of one byte a second.
    for (let second = 0; second < slowSeconds; second += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      readOne();
    }
    const grewWhileSlow = written - heldAt;
    const heapSlow = await settledHeap();

    socket.destroy();
    await expect.poll(() => running.app.activeStreams(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => upstreamClosed, { timeout: 10_000 }).toBe(true);
    const heapAfter = await settledHeap();
    const rssAfter = process.memoryUsage().rss;
    console.info(
      `[stress] slow reader: Dify would send ${megabytes(frames * frame.length)}, was held at ${megabytes(heldAt)} ` +
        `(+${megabytes(grewWhileSlow)} over ${slowSeconds} s at 1 byte/s, ${read} bytes read); ` +
        `heap ${megabytes(heapBefore)} → ${megabytes(heapHeld)} held → ${megabytes(heapSlow)} after ${slowSeconds} s → ${megabytes(heapAfter)} after abort; ` +
        `RSS ${megabytes(rssBefore)} → ${megabytes(rssHeld)} held → ${megabytes(rssAfter)} after abort; ` +
        `${running.app.activeStreams()} open streams`,
    );
    // Held back: only socket buffers' worth left Dify, nowhere near the whole answer.
    expect(heldAt).toBeLessThan((frames * frame.length) / 8);
    expect(grewWhileSlow).toBeLessThan(1024 * 1024);
    // Not buffered in the proxy: the heap did not grow by what Dify sent.
    expect(heapHeld - heapBefore).toBeLessThan(8 * 1024 * 1024);
    expect(heapSlow - heapBefore).toBeLessThan(8 * 1024 * 1024);
    expect(heapAfter - heapBefore).toBeLessThan(4 * 1024 * 1024);
  });
});

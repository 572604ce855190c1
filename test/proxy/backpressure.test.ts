import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/api.ts';
import { listen, type Listening } from '../helpers/listen.ts';
import { startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';
import { mintSession } from '../helpers/session.ts';

let upstream: Listening | undefined;
let proxy: RunningProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
});

describe('a visitor who reads slowly', () => {
  it('slows Dify down instead of piling the answer up in the proxy', async () => {
    const frame = Buffer.from(`data: ${JSON.stringify({ event: 'message', task_id: 't-1', answer: 'x'.repeat(64 * 1024) })}\n\n`);
    const frames = 512;
    let written = 0;
    upstream = await listen(async (req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
      for (let index = 0; index < frames; index += 1) {
        written = index + 1;
        if (!res.write(frame)) await once(res, 'drain');
      }
      res.end(`data: ${JSON.stringify({ event: 'message_end', task_id: 't-1', metadata: {} })}\n\n`);
    });
    proxy = await startProxy(testConfig(`${upstream.url}/v1`));
    const session = await mintSession(proxy.url);
    const response = await postJson(proxy.url, '/v1/chat-messages', session.token, { query: 'big', inputs: {}, response_mode: 'streaming' });
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error('no body');
    await reader.read();
    // The visitor stops reading. Proving that nothing moves needs a time window: Dify must stall well
    // before the whole answer was sent, and make no progress while the visitor does not read.
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await pause(400);
    const stalledAt = written;
    await pause(300);
    expect(written).toBe(stalledAt);
    expect(stalledAt).toBeLessThan(frames / 2);
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
    }
    expect(received).toBeGreaterThan(frames * frame.length * 0.99);
  }, 20_000);
});

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

/**
 * Resolves with `value()` once it has been the same defined number for `turns` event-loop turns in a row,
 * or with undefined as soon as `over()` holds.
 */
async function steadyForTurns(turns: number, value: () => number | undefined, over: () => boolean): Promise<number | undefined> {
  let last: number | undefined;
  for (let steady = 0; steady < turns;) {
    if (over()) return undefined;
    await new Promise((resolve) => setImmediate(resolve));
    const now = value();
    steady = now !== undefined && now === last ? steady + 1 : 0;
    last = now;
  }
  return last;
}

describe('a visitor who reads slowly', () => {
  it('slows Dify down instead of piling the answer up in the proxy', async () => {
    const frame = Buffer.from(`data: ${JSON.stringify({ event: 'message', task_id: 't-1', answer: 'x'.repeat(64 * 1024) })}\n\n`);
    const frames = 512;
    let written = 0;
    let waitingForDrain = false;
    upstream = await listen(async (req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
      for (let index = 0; index < frames; index += 1) {
        written = index + 1;
        if (!res.write(frame)) {
          waitingForDrain = true;
          await once(res, 'drain');
          waitingForDrain = false;
        }
      }
      res.end(`data: ${JSON.stringify({ event: 'message_end', task_id: 't-1', metadata: {} })}\n\n`);
    });
    proxy = await startProxy(testConfig(`${upstream.url}/v1`));
    const session = await mintSession(proxy.url);
    const response = await postJson(proxy.url, '/v1/chat-messages', session.token, {
      query: 'big',
      inputs: {},
      response_mode: 'streaming',
    });
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error('no body');
    await reader.read();
    // The visitor stops reading. Dify, the proxy and the visitor all run in this process, so the answer
    // moves along the chain only on turns of its event loop: once Dify has waited for 'drain' at the same
    // frame for many turns in a row, every buffer in between is full, however slow the machine is.
    const stalledAt = await steadyForTurns(
      100,
      () => (waitingForDrain ? written : undefined),
      () => written === frames,
    );
    expect(stalledAt, 'Dify was never held back: the proxy read the whole answer').toBeDefined();
    expect(stalledAt).toBeLessThan(frames / 2);
    // Held, it stays held: in a window of real time (where a leak paced by a timer would show too) it makes
    // no progress while the visitor does not read. Not a wait for readiness: the chain is already full.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(written).toBe(stalledAt);
    expect(waitingForDrain).toBe(true);
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
    }
    expect(received).toBeGreaterThan(frames * frame.length * 0.99);
  }, 20_000);
});

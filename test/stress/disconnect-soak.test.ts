import { afterEach, describe, expect, it } from 'vitest';
import type { StopRecord, StreamEndRecord, TaskStartRecord } from '../../demo/simulator/index.ts';
import { createReceipts } from '../../proxy/http/receipts.ts';
import { postJson } from '../helpers/api.ts';
import { mintSession, type MintedSession } from '../helpers/session.ts';
import { canaryKey, startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';
import { megabytes, openConnections, openLimits, openSession, percent, pool, settledHeap } from './measure.ts';
import { forkSimulator, type ForkedSimulator } from './simulator-fork.ts';

// Visitors who leave at any moment, ten thousand times: every generation Dify started for them is stopped
// (or had already ended), nothing stays open in the proxy, and the heap comes back to where it was. The
// simulator runs in a process of its own: it keeps every conversation as Dify does, which is not the
// proxy's memory.

let simulator: ForkedSimulator | undefined;
let proxy: RunningProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await simulator?.close();
  proxy = undefined;
  simulator = undefined;
});

const total = 10_000;
const concurrency = 100;
const visitors = 200;
const warmUp = 2000;

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Tally {
  streaming: number;
  blocking: number;
  byTimer: number;
  byBytes: number;
  answered: Record<string, number>;
  beforeAnswer: number;
}

/** One visit: a chat (streaming or blocking) left after a random 0–30 ms, or after reading a random number of bytes. */
async function visit(running: RunningProxy, session: MintedSession, next: () => number, tally: Tally): Promise<void> {
  const streaming = next() < 0.6;
  const byBytes = streaming && next() < 0.5;
  const controller = new AbortController();
  tally[streaming ? 'streaming' : 'blocking'] += 1;
  tally[byBytes ? 'byBytes' : 'byTimer'] += 1;
  const timer = byBytes ? undefined : setTimeout(() => controller.abort(), Math.floor(next() * 31));
  const bytesWanted = 1 + Math.floor(next() * 3000);
  // About 160 fine chunks at 2 ms each: every generation is still running when its visitor leaves.
  const query = `echo: ${'soak '.repeat(60)}${Math.floor(next() * 1e9)}`;
  try {
    const response = await postJson(
      running.url,
      '/v1/chat-messages',
      session.token,
      { query, inputs: {}, response_mode: streaming ? 'streaming' : 'blocking' },
      {},
      controller.signal,
    );
    tally.answered[response.status] = (tally.answered[response.status] ?? 0) + 1;
    const reader = response.body?.getReader();
    let read = 0;
    while (reader !== undefined) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.byteLength;
      if (byBytes && read >= bytesWanted) {
        controller.abort();
        break;
      }
    }
  } catch {
    tally.beforeAnswer += 1;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** What one receipt costs on the heap, measured over 20,000 in a map of their own that is dropped afterwards. */
async function bytesPerReceipt(owner: string): Promise<number> {
  const sample = 20_000;
  const before = await settledHeap();
  const receipts = createReceipts();
  for (let index = 0; index < sample; index += 1) await receipts.bind('task', `${index}`.padStart(36, '0'), owner, Date.now() + 3_600_000);
  const bytes = Math.max(0, ((await settledHeap()) - before) / sample);
  // Used after the measurement, so that the collector could not drop the map before it.
  if ((await receipts.ownerOf('task', '0'.padStart(36, '0'))) !== owner) throw new Error('the receipt was not kept');
  return bytes;
}

describe('the disconnect soak', () => {
  it(`stops every generation of ${total} chats left at random points, and keeps no stream or memory behind`, async () => {
    simulator = await forkSimulator(canaryKey, 2);
    const dify = simulator;
    proxy = await startProxy(testConfig(dify.url, { limits: openLimits, connections: openConnections, session: openSession }));
    const running = proxy;
    const sessions = await Promise.all(Array.from({ length: visitors }, () => mintSession(running.url)));
    const next = random(7);
    const tally: Tally = { streaming: 0, blocking: 0, byTimer: 0, byBytes: 0, answered: {}, beforeAnswer: 0 };
    const visitAt = (index: number) => {
      const session = sessions[index % visitors];
      if (session === undefined) throw new Error(`no session ${index % visitors}`);
      return visit(running, session, next, tally);
    };

    // The proxy remembers, by design, which visitor received each task and message id (so that only they may
    // stop it or have it read aloud), up to 100,000 ids: that much growth is expected. What one costs is
    // measured here, alone, before the baseline.
    const receiptBytes = await bytesPerReceipt(sessions[0]?.user ?? '');

    // A warm-up, so that the baseline includes the pools, caches and compiled code the soak uses.
    await pool(warmUp, concurrency, visitAt);
    await expect.poll(() => dify.generating(), { timeout: 30_000 }).toBe(0);
    // The captured log lines are the test's, not the proxy's.
    running.logs.clear();
    const heapBefore = await settledHeap();
    const rssBefore = process.memoryUsage().rss;

    const started = new Set<string>();
    const ended = new Map<string, StreamEndRecord['reason']>();
    const stops = new Map<string, boolean>();
    const onStart = (record: TaskStartRecord) => started.add(record.taskId);
    const onEnd = (record: StreamEndRecord) => ended.set(record.taskId, record.reason);
    const onStop = (record: StopRecord) => stops.set(record.taskId, (stops.get(record.taskId) ?? false) || record.honoured);
    dify.events.on('task-start', onStart);
    dify.events.on('stream-end', onEnd);
    dify.events.on('stop', onStop);
    for (const key of Object.keys(tally)) if (key !== 'answered') Reflect.set(tally, key, 0);
    tally.answered = {};

    const began = Date.now();
    await pool(total, concurrency, async (index) => {
      await visitAt(index);
    });
    const seconds = (Date.now() - began) / 1000;

    await expect.poll(() => running.app.activeStreams(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => dify.generating(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => [...started].filter((taskId) => !ended.has(taskId)).length, { timeout: 30_000 }).toBe(0);
    dify.events.off('task-start', onStart);
    dify.events.off('stream-end', onEnd);
    dify.events.off('stop', onStop);

    // A generation that did not run to its end for the visitor was asked to stop.
    const reasons: Record<string, number> = {};
    for (const reason of ended.values()) reasons[reason] = (reasons[reason] ?? 0) + 1;
    const orphaned = [...started].filter((taskId) => ended.get(taskId) !== 'completed' && !stops.has(taskId));
    const honoured = [...stops.values()].filter(Boolean).length;

    const logLines = running.logs.lines().length;
    running.logs.clear();
    const heapAfter = await settledHeap();
    // A task id and a message id per generation.
    const allowance = receiptBytes * 2 * started.size;
    const rssAfter = process.memoryUsage().rss;
    console.info(
      `[stress] disconnect soak: ${total} aborted (${tally.streaming} streaming, ${tally.blocking} blocking; ` +
        `${tally.byTimer} after 0–30 ms, ${tally.byBytes} after N bytes; ${tally.beforeAnswer} ended by the abort signal) in ${seconds.toFixed(1)} s, ` +
        `answers ${JSON.stringify(tally.answered)}, ${started.size} generations started at Dify, ends ${JSON.stringify(reasons)}, ` +
        `${stops.size} stop calls (${honoured} honoured), ${orphaned.length} orphaned, ` +
        `${running.app.activeStreams()} open streams, ${await dify.generating()} still generating, ` +
        `heap ${megabytes(heapBefore)} → ${megabytes(heapAfter)} (${percent(heapBefore, heapAfter)}), ` +
        `RSS ${megabytes(rssBefore)} → ${megabytes(rssAfter)}, gc ${typeof Reflect.get(globalThis, 'gc') === 'function' ? 'exposed' : 'absent'}`,
    );
    expect(orphaned).toEqual([]);
    expect(started.size).toBeGreaterThan(total / 2);
    expect(Object.keys(tally.answered).filter((status) => status !== '200')).toEqual([]);
    console.info(
      `[stress] disconnect soak: ${logLines} log lines cleared before measuring; a receipt takes ${receiptBytes.toFixed(0)} bytes, ` +
        `${2 * started.size} of them ${megabytes(allowance)}; heap growth beyond them ${percent(heapBefore, heapAfter - allowance)}`,
    );
    expect(heapAfter - allowance).toBeLessThan(heapBefore * 1.1);
  });
});

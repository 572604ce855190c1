import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/api.ts';
import { canaryKey, startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';
import { mintSession, type MintedSession } from '../helpers/session.ts';
import { dataEvents } from '../helpers/sse.ts';
import { megabytes, openConnections, openLimits, openSession, settledHeap } from './measure.ts';
import { forkSimulator, type ForkedSimulator } from './simulator-fork.ts';

// A thousand visitors chatting at once for a minute, each checking that the answer it streamed back is,
// byte for byte, the text it asked to have echoed. The simulator runs in its own process (the second core).

let simulator: ForkedSimulator | undefined;
let proxy: RunningProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await simulator?.close();
  proxy = undefined;
  simulator = undefined;
});

const clients = 1000;
const durationMs = 60_000;
/** Clients start over this long, so that a thousand connections do not all knock at once. */
const rampMs = 10_000;

const alphabet = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?"\'\\/<>&%{}[]éüßçñ€中文字🙂🚀'];

function randomText(): string {
  const length = 8 + Math.floor(Math.random() * 16);
  const text = Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)] ?? 'x').join('');
  // The simulator trims the query: the text starts and ends with a letter.
  return `a${text}z`;
}

interface Figures {
  chats: number;
  errors: string[];
  altered: number;
  bytes: number;
  latencies: number[];
}

describe('1,000 concurrent streaming chats for 60 s', () => {
  it('answers every one, with 0 errors and 0 altered bytes', async () => {
    // A word every 500 ms (about ten per answer), pings every 10 s as Dify sends them: a thousand streams
    // are then open at once all the time, at a pace two cores can carry.
    simulator = await forkSimulator(canaryKey, 500, 10_000);
    proxy = await startProxy(testConfig(simulator.url, { limits: openLimits, connections: openConnections, session: openSession }));
    const running = proxy;
    const sessions: MintedSession[] = [];
    for (let index = 0; index < clients; index += 50) {
      sessions.push(...(await Promise.all(Array.from({ length: 50 }, () => mintSession(running.url)))));
    }
    const heapBefore = await settledHeap();
    const rssBefore = process.memoryUsage().rss;
    const figures: Figures = { chats: 0, errors: [], altered: 0, bytes: 0, latencies: [] };
    let open = 0;
    let mostOpen = 0;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      mostOpen = Math.max(mostOpen, running.app.activeStreams());
    }, 250);

    const began = Date.now();
    const deadline = began + durationMs;
    const client = async (index: number): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, (index * rampMs) / clients));
      const session = sessions[index];
      if (session === undefined) throw new Error(`no session ${index}`);
      while (Date.now() < deadline) {
        const text = randomText();
        const started = Date.now();
        open += 1;
        try {
          const response = await postJson(running.url, '/v1/chat-messages', session.token, {
            query: `echo: ${text}`,
            inputs: {},
            response_mode: 'streaming',
          });
          const body = await response.text();
          figures.bytes += body.length;
          if (response.status !== 200) {
            figures.errors.push(`${response.status} ${body.slice(0, 200)}`);
            continue;
          }
          const events = dataEvents(body);
          const answer = events
            .filter((event) => event['event'] === 'message')
            .map((event) => String(event['answer']))
            .join('');
          if (events.at(-1)?.['event'] !== 'message_end') figures.errors.push(`ended with ${JSON.stringify(events.at(-1)).slice(0, 200)}`);
          else if (answer !== text) figures.altered += 1;
          figures.chats += 1;
          figures.latencies.push(Date.now() - started);
        } catch (error) {
          const cause: unknown = error instanceof Error ? error.cause : undefined;
          figures.errors.push(`${String(error)}${cause instanceof Error ? ` (${cause.message})` : ''}`);
        } finally {
          open -= 1;
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, (_unused, index) => client(index)));
    clearInterval(sampler);
    const seconds = (Date.now() - began) / 1000;
    await expect.poll(() => running.app.activeStreams(), { timeout: 30_000 }).toBe(0);
    const dify = simulator;
    await expect.poll(() => dify.generating(), { timeout: 30_000 }).toBe(0);
    running.logs.clear();
    const heapAfter = await settledHeap();
    const sorted = [...figures.latencies].sort((a, b) => a - b);
    const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
    console.info(
      `[stress] concurrency: ${clients} clients for ${seconds.toFixed(1)} s, ${figures.chats} chats (${(figures.chats / seconds).toFixed(0)}/s), ` +
        `${figures.errors.length} errors, ${figures.altered} altered answers, ${megabytes(figures.bytes)} streamed, ` +
        `at most ${mostOpen} streams open at once, latency p50 ${at(0.5)} ms p99 ${at(0.99)} ms max ${at(1)} ms, ` +
        `heap ${megabytes(heapBefore)} → ${megabytes(heapAfter)}, RSS ${megabytes(rssBefore)} → peak ${megabytes(rssPeak)}, open ${open}`,
    );
    expect(figures.errors.slice(0, 10)).toEqual([]);
    expect(figures.altered).toBe(0);
    expect(mostOpen).toBeGreaterThan(clients * 0.9);
    expect(figures.chats).toBeGreaterThan(clients);
  });
});

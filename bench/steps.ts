import { mintOnce, openStream, type Scenario, type Target } from './client.ts';
import { cpuMs, rssBytes } from './processes.ts';
import { quantile, rotation } from './stats.ts';

/** What one round of a step measured on one target: named numbers (NaN where a figure does not apply). */
export type Sample = Record<string, number>;

/** Per target, the samples of every round, in the order the rounds ran. */
export type StepSamples = Record<string, Sample[]>;

/**
 * Runs `measure` on every target for `count` rounds, in an order rotated each round. A round that would
 * end past `budgetMs` (judged by the longest so far) is not started, so a slow machine gets fewer rounds
 * rather than no figures.
 */
export async function alternate(
  targets: readonly Target[],
  count: number,
  measure: (target: Target) => Promise<Sample>,
  budgetMs = 45_000,
): Promise<StepSamples> {
  const samples: StepSamples = Object.fromEntries(targets.map((target) => [target.name, []]));
  const began = performance.now();
  let longestRound = 0;
  for (let round = 0; round < count; round += 1) {
    const roundBegan = performance.now();
    if (round > 0 && roundBegan - began + longestRound > budgetMs) break;
    for (const target of rotation(targets, round)) samples[target.name]?.push(await measure(target));
    longestRound = Math.max(longestRound, performance.now() - roundBegan);
  }
  return samples;
}

const cpuOf = (target: Target): number => (target.pid === undefined ? Number.NaN : cpuMs(target.pid));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `clients` visitors at once, each running `perClient` streams one after another. */
export async function loadRound(target: Target, clients: number, perClient: number, scenario: Scenario): Promise<Sample> {
  const firstEvents: number[] = [];
  let errors = 0;
  let events = 0;
  const cpuBefore = cpuOf(target);
  const began = performance.now();
  const client = async () => {
    for (let index = 0; index < perClient; index += 1) {
      const stream = openStream(target, scenario);
      try {
        firstEvents.push(await stream.firstEvent);
        events += await stream.done;
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const wallMs = performance.now() - began;
  const streams = clients * perClient;
  return {
    firstEventP50: quantile(firstEvents, 0.5),
    firstEventP99: quantile(firstEvents, 0.99),
    streamsPerSecond: (streams * 1000) / wallMs,
    eventsPerSecond: (events * 1000) / wallMs,
    cpuMsPerStream: (cpuOf(target) - cpuBefore) / streams,
    cpuUsPerEvent: ((cpuOf(target) - cpuBefore) * 1000) / Math.max(1, events),
    errors,
  };
}

/** How long the idle streams get to open, together. */
const openLimitMs = 15_000;

function withLimit<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** `count` streams held open on pings only: the relay's resident memory per open stream. */
export async function idleRound(target: Target, count: number): Promise<Sample> {
  const before = target.pid === undefined ? Number.NaN : rssBytes(target.pid);
  const streams = Array.from({ length: count }, () => openStream(target, { ping: true }));
  const opened = await Promise.allSettled(streams.map((stream) => withLimit(stream.firstEvent, openLimitMs)));
  await pause(500);
  const after = target.pid === undefined ? Number.NaN : rssBytes(target.pid);
  for (const stream of streams) stream.abort();
  await Promise.allSettled(streams.map((stream) => withLimit(stream.done, openLimitMs)));
  await pause(500);
  return {
    rssKbPerStream: (after - before) / 1024 / count,
    errors: opened.filter((result) => result.status === 'rejected').length,
  };
}

interface FakeLog {
  closedAt?: number;
  stopAt?: number;
}

const timeIn = (body: object, key: string): number | undefined => {
  const value: unknown = Reflect.get(body, key);
  return typeof value === 'number' ? value : undefined;
};

/** When the fake Dify saw the task's stream closed and its stop called (monotonic ms). */
async function fakeLog(fakeUrl: string, task: string): Promise<FakeLog> {
  const response = await fetch(`${fakeUrl}/bench/log?task=${encodeURIComponent(task)}`);
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null) return {};
  const closedAt = timeIn(body, 'closedAt');
  const stopAt = timeIn(body, 'stopAt');
  return { ...(closedAt === undefined ? {} : { closedAt }), ...(stopAt === undefined ? {} : { stopAt }) };
}

/** How long a relay that closed the upstream gets to call Dify's stop as well. */
const stopGraceMs = 300;

const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
let abortCount = 0;

/** A visitor leaves mid-answer: how long until the upstream stream is closed, and whether Dify's stop was called. */
export async function abortRound(target: Target, fakeUrl: string, waitMs = 1500): Promise<Sample> {
  abortCount += 1;
  const task = `abort-${target.name.replaceAll(/\W/g, '')}-${abortCount}`;
  const stream = openStream(target, { tokens: 3000, gap: 20, task });
  await stream.firstEvent;
  // The relay has the task id from the first frame by now (a frame every 20 ms).
  await pause(60);
  const leftAt = monotonicMs();
  stream.abort();
  let log: FakeLog = {};
  for (let deadline = leftAt + waitMs; monotonicMs() < deadline;) {
    await pause(5);
    log = await fakeLog(fakeUrl, task);
    if (log.closedAt !== undefined && log.stopAt !== undefined) break;
    if (log.closedAt !== undefined) deadline = Math.min(deadline, log.closedAt + stopGraceMs);
  }
  return { closeMs: log.closedAt === undefined ? Number.NaN : log.closedAt - leftAt, stopCalled: log.stopAt === undefined ? 0 : 1 };
}

/** `POST /session` from `concurrency` callers for `durationMs`: sessions minted per second and CPU per mint. */
export async function mintRound(target: Target, concurrency: number, durationMs: number): Promise<Sample> {
  let minted = 0;
  let errors = 0;
  const cpuBefore = cpuOf(target);
  const began = performance.now();
  const caller = async () => {
    while (performance.now() - began < durationMs) {
      if (await mintOnce(target.url)) minted += 1;
      else errors += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const wallMs = performance.now() - began;
  return { mintsPerSecond: (minted * 1000) / wallMs, cpuUsPerMint: ((cpuOf(target) - cpuBefore) * 1000) / Math.max(1, minted), errors };
}

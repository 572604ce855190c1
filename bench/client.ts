import http from 'node:http';
import { createEventCounter } from './stats.ts';

/** A relay under test (or Dify itself, the baseline) as the client sees it. */
export interface Target {
  readonly name: string;
  readonly url: string;
  /** `Authorization` for a chat message: a session token for our proxy, the app key elsewhere. */
  authorization: string;
  /** The process whose CPU and memory count (undefined for direct: nothing relays). */
  readonly pid: number | undefined;
}

/** What the fake Dify is asked to do for one stream (see fake-dify.mjs). */
export interface Scenario {
  readonly tokens?: number;
  readonly gap?: number;
  readonly delay?: number;
  readonly ping?: boolean;
  readonly task?: string;
}

export interface OpenStream {
  /** Milliseconds from sending the request to the first whole event; rejects on a failed request. */
  readonly firstEvent: Promise<number>;
  /** The number of events once the stream ended; rejects on a failed or cut stream. */
  readonly done: Promise<number>;
  /** Leaves as a visitor closing the tab does: the connection is destroyed. */
  abort(): void;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, keepAliveMsecs: 30_000 });

export function openStream(target: Target, scenario: Scenario): OpenStream {
  const body = JSON.stringify({ query: `bench ${JSON.stringify(scenario)}`, inputs: {}, response_mode: 'streaming', user: 'bench' });
  const started = performance.now();
  let request: http.ClientRequest | undefined;
  let resolveFirst: (ms: number) => void = () => undefined;
  let rejectFirst: (error: Error) => void = () => undefined;
  const firstEvent = new Promise<number>((resolve, reject) => {
    resolveFirst = resolve;
    rejectFirst = reject;
  });
  const done = new Promise<number>((resolve, reject) => {
    const fail = (error: Error) => {
      rejectFirst(error);
      reject(error);
    };
    request = http.request(
      `${target.url}/v1/chat-messages`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: target.authorization },
      },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          fail(new Error(`${target.name} answered ${response.statusCode}`));
          return;
        }
        const counter = createEventCounter();
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          const before = counter.total;
          if (counter.feed(chunk) > 0 && before === 0) resolveFirst(performance.now() - started);
        });
        response.on('end', () => (counter.total > 0 ? resolve(counter.total) : fail(new Error(`${target.name}: an empty stream`))));
        response.on('aborted', () => fail(new Error(`${target.name}: the stream was cut`)));
        response.on('error', fail);
      },
    );
    request.on('error', fail);
    request.end(body);
  });
  // Whoever awaits only one of the two must not leave the other unhandled.
  firstEvent.catch(() => undefined);
  done.catch(() => undefined);
  return { firstEvent, done, abort: () => request?.destroy() };
}

/** Mints sessions on our proxy: `POST /session` with `{}`. Resolves with the token. */
export async function mintSession(proxyUrl: string): Promise<string> {
  const response = await fetch(`${proxyUrl}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const json: unknown = await response.json();
  if (response.status !== 200 || typeof json !== 'object' || json === null || !('token' in json) || typeof json.token !== 'string')
    throw new Error(`POST /session answered ${response.status}`);
  return json.token;
}

/** One bare `POST /session` over the shared keep-alive agent: true when it answered 200. */
export function mintOnce(proxyUrl: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.request(
      `${proxyUrl}/session`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': 2 } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode === 200));
      },
    );
    request.on('error', () => resolve(false));
    request.end('{}');
  });
}

/** Closes idle keep-alive sockets, so one step's connections do not count in the next one's memory. */
export const dropIdleConnections = (): void => agent.destroy();

/** Shared helpers for the simulator tests: a simulator per test, HTTP calls, and an SSE frame reader. */
import { isRecord } from '../../shared/json.ts';
import { afterEach, beforeEach } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions, type StreamEndRecord } from '../../demo/simulator/index.ts';

export const keys = {
  chat: 'app-test-chat',
  chatRequired: 'app-test-chat-required',
  agent: 'app-test-agent',
  chatflow: 'app-test-chatflow',
  completion: 'app-test-completion',
  workflow: 'app-test-workflow',
} as const;

const testApps: SimulatorOptions['apps'] = [
  { key: keys.chat, mode: 'chat', audio: true, followUps: true },
  { key: keys.chatRequired, mode: 'chat', requiredInputs: true },
  { key: keys.agent, mode: 'agent-chat' },
  { key: keys.chatflow, mode: 'advanced-chat' },
  { key: keys.completion, mode: 'completion' },
  { key: keys.workflow, mode: 'workflow' },
];

/** Starts a fresh simulator before each test and closes it after; returns a getter. */
export function useSimulator(options: Partial<SimulatorOptions> = {}): () => Simulator {
  let simulator: Simulator | undefined;
  beforeEach(async () => {
    simulator = await startSimulator({ apps: testApps, chunkDelayMs: 1, pingIntervalMs: 10_000, ...options });
  });
  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });
  return () => {
    if (simulator === undefined) throw new Error('simulator not started');
    return simulator;
  };
}

/** Narrows a JSON value to an object, failing the test otherwise. */
export function asRecord(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
  return value;
}

/** Narrows a JSON value to an array, failing the test otherwise. */
export function asArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`expected a JSON array, got ${JSON.stringify(value)}`);
  return value;
}

/** A string field of a JSON object, failing the test when absent. */
export function text(value: unknown, key: string): string {
  const field = asRecord(value)[key];
  if (typeof field !== 'string') throw new Error(`expected "${key}" to be a string in ${JSON.stringify(value)}`);
  return field;
}

export interface CallOptions {
  json?: unknown;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

/** A request to the simulator with an app key; JSON bodies get the JSON content type. */
export function request(
  simulator: Simulator,
  key: string | undefined,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Response> {
  const url = new URL(`${simulator.url}${path}`);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = key === undefined ? {} : { Authorization: `Bearer ${key}` };
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(url, {
    method,
    headers: { ...headers, ...options.headers },
    body:
      options.json !== undefined
        ? JSON.stringify(options.json)
        : typeof options.body === 'string'
          ? options.body
          : options.body === undefined
            ? undefined
            : new Uint8Array(options.body),
    signal: options.signal,
  });
}

/** A request whose JSON response is read; returns status and body. */
export async function call(
  simulator: Simulator,
  key: string | undefined,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<{ status: number; body: unknown; response: Response }> {
  const response = await request(simulator, key, method, path, options);
  const raw = await response.text();
  return { status: response.status, body: raw === '' ? undefined : JSON.parse(raw), response };
}

export interface SseFrame {
  raw: string;
  event: string | undefined;
  data: Record<string, unknown> | undefined;
}

function parseFrame(raw: string): SseFrame {
  let event: string | undefined;
  let data: Record<string, unknown> | undefined;
  for (const line of raw.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice('event: '.length);
    if (line.startsWith('data: ')) data = asRecord(JSON.parse(line.slice('data: '.length)));
  }
  return { raw, event, data };
}

/** Yields SSE frames as they arrive (decoding UTF-8 across chunk boundaries). */
export async function* sseFrames(response: Response): AsyncGenerator<SseFrame> {
  if (response.body === null) return;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      yield parseFrame(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
    }
  }
  buffer += decoder.decode();
  if (buffer !== '') yield parseFrame(buffer);
}

/** Reads the whole stream into frames. */
export async function allFrames(response: Response): Promise<SseFrame[]> {
  const frames: SseFrame[] = [];
  for await (const frame of sseFrames(response)) frames.push(frame);
  return frames;
}

/** The JSON payloads of data frames. */
export function payloads(frames: SseFrame[]): Record<string, unknown>[] {
  return frames.flatMap((frame) => (frame.data === undefined ? [] : [frame.data]));
}

/** The `event` of each data frame, in order. */
export function eventNames(frames: SseFrame[]): string[] {
  return payloads(frames).map((payload) => String(payload['event']));
}

/** A chat-messages body with the given query. */
export function chatBody(query: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { inputs: {}, query, user: 'alice', response_mode: 'streaming', ...extra };
}

/** Resolves with the first 'stream-end' record for a task (or any task when none given), bounded. */
export function nextStreamEnd(simulator: Simulator, taskId?: string, timeoutMs = 5_000): Promise<StreamEndRecord> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      simulator.events.off('stream-end', onEnd);
      reject(new Error('no stream-end within the time limit'));
    }, timeoutMs);
    const onEnd = (record: StreamEndRecord): void => {
      if (taskId !== undefined && record.taskId !== taskId) return;
      clearTimeout(timer);
      simulator.events.off('stream-end', onEnd);
      resolve(record);
    };
    simulator.events.on('stream-end', onEnd);
  });
}

/** Sends a blocking chat and returns its body. */
export async function blockingChat(
  simulator: Simulator,
  key: string,
  query: string,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const { status, body } = await call(simulator, key, 'POST', '/chat-messages', {
    json: chatBody(query, { response_mode: 'blocking', ...extra }),
  });
  if (status !== 200) throw new Error(`chat failed with ${status}: ${JSON.stringify(body)}`);
  return asRecord(body);
}

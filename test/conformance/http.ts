/** Bounded HTTP calls: every request the suite makes ends within its budget, answered or not. */
import { parseJson } from './json.ts';

export interface JsonReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** The body parsed as JSON; undefined when it is empty or not JSON. */
  readonly json: unknown;
}

export interface RequestSpec {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** Thrown when a request did not finish within its budget. */
class Timeout extends Error {}

function init(spec: RequestSpec, signal: AbortSignal): RequestInit {
  const headers: Record<string, string> = { ...spec.headers };
  if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
  return { method: spec.method, headers, signal, ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }) };
}

async function withBudget<T>(
  spec: RequestSpec,
  timeoutMs: number,
  use: (response: Response) => Promise<T>,
  controller: AbortController,
): Promise<T> {
  const timeout = new Timeout(`${spec.method} ${new URL(spec.url).pathname}: no answer within ${timeoutMs} ms`);
  const timer = setTimeout(() => controller.abort(timeout), timeoutMs);
  try {
    return await use(await fetch(spec.url, init(spec, controller.signal)));
  } catch (error) {
    throw controller.signal.reason === timeout ? timeout : error;
  } finally {
    clearTimeout(timer);
  }
}

async function toReply(response: Response): Promise<JsonReply> {
  const body = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body, json: parseJson(body) };
}

/** A whole request and its response body within `timeoutMs`. */
export function requestJson(spec: RequestSpec, timeoutMs: number): Promise<JsonReply> {
  return withBudget(spec, timeoutMs, toReply, new AbortController());
}

/** Sends a request and resolves once the response headers are in (within `timeoutMs`); `controller` aborts it later. */
export function open(spec: RequestSpec, timeoutMs: number, controller: AbortController): Promise<Response> {
  return withBudget(spec, timeoutMs, (response) => Promise.resolve(response), controller);
}

/** Reads the body of a response `open` started that is not a stream (an error before the stream), within `timeoutMs`. */
export async function readReply(response: Response, timeoutMs: number): Promise<JsonReply> {
  const timer = setTimeout(() => void response.body?.cancel().catch(() => undefined), timeoutMs);
  try {
    return await toReply(response);
  } finally {
    clearTimeout(timer);
  }
}

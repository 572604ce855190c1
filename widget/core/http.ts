import { difyErrorFields } from '../../shared/json.ts';
import { parseJson } from './guards.ts';
import { kindForStatus, readRetryAfter, type Problem } from './problems.ts';

/** Thrown by the transport when a request fails; carries the problem as data for the UI. */
export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(`${problem.code}${problem.detail ? `: ${problem.detail}` : ''}`);
    this.name = 'ProblemError';
    this.problem = problem;
  }
}

/** True for the error fetch and stream reads throw when their AbortSignal fires. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

let originWarned = false;

/** Tells the site owner, once per page, in the console: the visitor only sees that the chat is unavailable. */
function warnRefusedOrigin(): void {
  if (originWarned) return;
  originWarned = true;
  console.warn(`dify-widget: the proxy refuses pages from ${location.origin}; add ${location.origin} to its ALLOWED_ORIGINS.`);
}

/** A failed response as a Problem, reading Dify's `{code, message, status}` body when there is one. */
export async function problemFromResponse(response: Response): Promise<Problem> {
  const body = difyErrorFields(parseJson(await response.text().catch(() => '')));
  const code = body.code || `http_${response.status}`;
  if (code === 'origin_not_allowed') warnRefusedOrigin();
  const status = body.status || response.status;
  const problem: Problem = { kind: kindForStatus(response.status, code), code, status };
  if (body.message) problem.detail = body.message;
  const retryAfterSeconds = readRetryAfter(response.headers);
  if (retryAfterSeconds !== undefined) problem.retryAfterSeconds = retryAfterSeconds;
  return problem;
}

/**
 * `fetch` that turns a network failure into a ProblemError (`offline`). An abort is rethrown
 * unchanged so callers can tell "the visitor stopped it" from "it broke".
 */
export async function fetchOrProblem(fetchImplementation: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchImplementation(url, init);
  } catch (error) {
    if (isAbortError(error) || init.signal?.aborted) throw error;
    throw new ProblemError({ kind: 'offline', code: 'network_error', detail: error instanceof Error ? error.message : String(error) });
  }
}

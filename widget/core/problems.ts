/**
 * Why a request or an answer failed, as data. The words shown to the visitor are made from this
 * in the UI's strings (so they can be translated); the core never writes sentences.
 */
export type ProblemKind =
  | 'offline' // fetch itself failed: no connection, DNS, CORS
  | 'rate-limited' // 429 from the proxy or Dify
  | 'session' // the visitor session could not be created or renewed
  | 'forbidden' // 403: this page's origin or the app is not allowed
  | 'invalid' // 400: the request was refused, usually a missing input; `detail` says which
  | 'not-found' // 404: e.g. a conversation that no longer exists
  | 'unavailable' // 5xx / 502 upstream_auth_failed: the service is down or misconfigured
  | 'interrupted' // an `error` event arrived in the stream
  | 'run-failed' // the app's own run failed or was stopped (chatflow `workflow_finished`, Dify's bare worker error)
  | 'disconnected' // the stream ended before `message_end`
  | 'unknown';

export interface Problem {
  kind: ProblemKind;
  /** Dify's or the proxy's `code`, or a widget code such as `network_error`. */
  code: string;
  status?: number;
  /** The server's own message, shown as detail where it helps (e.g. "name is required in input form"). */
  detail?: string;
  /** Seconds until a retry can succeed, from `Retry-After` or `RateLimit: …reset=N`. */
  retryAfterSeconds?: number;
}

/** The problem kind for an HTTP status (and Dify code) returned before any streaming started. */
export function kindForStatus(status: number, code: string): ProblemKind {
  if (status === 429 || code === 'rate_limit_error' || code === 'too_many_requests') return 'rate-limited';
  if (status === 401) return 'session';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 400 || status === 413 || status === 415 || status === 422) return 'invalid';
  if (status >= 500) return 'unavailable';
  return 'unknown';
}

/**
 * A problem from an in-stream `error` event (a rate-limit error keeps its own kind). A frame without
 * a `code` is Dify's worker saying the app's run failed (dify-api.md §4.3); its status is always 500.
 */
export function problemFromStreamError(code: string | undefined, status: number, message: string): Problem {
  if (code === undefined) return { kind: 'run-failed', code: 'run_failed', status, detail: message };
  const kind = kindForStatus(status, code) === 'rate-limited' ? 'rate-limited' : 'interrupted';
  return { kind, code, status, detail: message };
}

/** The problem a chatflow's `workflow_finished` reports, or undefined when the run succeeded (§4.5). */
export function problemFromRunStatus(status: string, error: string | undefined): Problem | undefined {
  if (status !== 'failed' && status !== 'stopped') return undefined;
  const problem: Problem = { kind: 'run-failed', code: status === 'failed' ? 'workflow_failed' : 'workflow_stopped' };
  if (error) problem.detail = error;
  return problem;
}

/** Seconds to wait, from `Retry-After` (seconds or an HTTP date) or the IETF `RateLimit` header's `reset`/`t`. */
export function readRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const rateLimit = headers.get('ratelimit') ?? headers.get('ratelimit-reset');
  const match = rateLimit ? (/(?:^|[;,\s])(?:reset|t)=(\d+)/.exec(rateLimit) ?? /^(\d+)$/.exec(rateLimit.trim())) : null;
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

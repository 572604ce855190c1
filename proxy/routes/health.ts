import express, { type Request, type Router } from 'express';
import type { Logger } from '../logger.ts';
import { ProxyError } from '../errors.ts';
import { UpstreamAborted, type DifyClient } from '../upstream/dify.ts';

export interface HealthOptions {
  readonly clients: readonly DifyClient[];
  readonly isDraining: () => boolean;
  /** Why the shared state (Redis) cannot be used now; undefined when it can. */
  readonly sharedStateProblem: () => Promise<string | undefined>;
  readonly checkTimeoutMs: number;
  readonly logger: Logger;
  /** Readiness is re-checked upstream at most this often. */
  readonly cacheMs?: number;
  /** Whether this caller may read which app or store is failing (this machine, or the operator's token). */
  readonly maySeeDetail: (req: Request) => boolean;
}

interface ReadinessCheck {
  readonly at: number;
  readonly problems: readonly string[];
}

async function checkApp(client: DifyClient, timeoutMs: number): Promise<string | undefined> {
  try {
    const response = await client.send({
      endpoint: 'info',
      method: 'GET',
      path: ['info'],
      signal: new AbortController().signal,
      headersTimeoutMs: timeoutMs,
    });
    await response.body?.cancel();
    return response.ok ? undefined : `app '${client.appId}': Dify answered ${response.status} to /info`;
  } catch (error) {
    if (error instanceof ProxyError || error instanceof UpstreamAborted) return `app '${client.appId}': ${error.message}`;
    return `app '${client.appId}': check failed`;
  }
}

/**
 * `GET /healthz`: the process answers. `GET /readyz`: the config loaded, the shared state (Redis) is
 * reachable, every app's Dify answers with its key, and the proxy is not shutting down; why not (and
 * which apps) only for `maySeeDetail` callers.
 */
export function healthRouter(options: HealthOptions): Router {
  const router = express.Router();
  const cacheMs = options.cacheMs ?? 10_000;
  let last: ReadinessCheck | undefined;
  // /readyz is public: callers arriving while a check runs share it, so no burst of probes can make the
  // proxy send Dify more than one keyed request per app per cacheMs.
  let running: Promise<ReadinessCheck> | undefined;
  async function check(): Promise<ReadinessCheck> {
    const results = await Promise.all(options.clients.map((client) => checkApp(client, options.checkTimeoutMs)));
    last = { at: Date.now(), problems: results.filter((problem) => problem !== undefined) };
    if (last.problems.length > 0) options.logger.warn({ problems: last.problems }, 'not ready: an app cannot reach Dify');
    return last;
  }
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    // The public answer is only ready or not: app ids and what fails are the operator's, in the log and
    // in the detail shown to this machine or to a caller with the operator's token.
    const detail = options.maySeeDetail(req);
    const notReady = (why: string) =>
      new ProxyError(503, 'not_ready', detail ? `Not ready: ${why.replace(/\.$/, '')}.` : "Not ready; the proxy's log says why.");
    if (options.isDraining()) throw notReady('the proxy is shutting down');
    const shared = await options.sharedStateProblem();
    if (shared !== undefined) throw notReady(shared);
    let current = last;
    if (current === undefined || Date.now() - current.at > cacheMs) {
      running ??= check().finally(() => {
        running = undefined;
      });
      current = await running;
    }
    if (current.problems.length > 0) throw notReady(current.problems.join('; '));
    res.json(detail ? { status: 'ready', apps: options.clients.map((client) => client.appId) } : { status: 'ready' });
  });
  return router;
}

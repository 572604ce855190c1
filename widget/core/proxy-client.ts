import type { EndpointName } from '../../shared/dify-wire.ts';
import { toDifyEventStream, type DifyEvent } from './dify-events.ts';
import { fetchOrProblem, ProblemError, problemFromResponse } from './http.ts';
import type { SessionKeeper } from './session.ts';
import { toServerSentEvents } from './sse.ts';

export interface ProxyClientOptions {
  proxyBase: string;
  /** Absent for the proxy's default app. */
  app?: string;
  fetch: typeof fetch;
  sessions: SessionKeeper;
}

/** The widget's only way to reach Dify: through the proxy, with the visitor session. */
export interface ProxyClient {
  getJson(path: string, query?: Record<string, string>): Promise<unknown>;
  /** POSTs (or, with `method`, DELETEs) a JSON body; a 204 resolves with undefined. */
  postJson(path: string, body: Record<string, unknown>, method?: 'POST' | 'DELETE'): Promise<unknown>;
  /**
   * Starts a generation and returns its Dify events; its path is the endpoint's name (the stop
   * endpoints are the proxy's business). Rejects with ProblemError before the stream starts.
   */
  openStream(
    path: Extract<EndpointName, 'chat-messages' | 'completion-messages'> | 'workflows/run',
    body: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<ReadableStream<DifyEvent>>;
  /**
   * The last response's headers: the proxy's own say what it accepts (`Dify-Widget-Max-Query-Chars`, the
   * longest `query`; `Dify-Widget-Remote-File-Urls`, whether it forwards `remote_url` files).
   */
  readonly headers: Headers | undefined;
  /** Follows a chatflow run from now on (`GET /workflow/{id}/events`, dify-api.md §11.2), as Dify events. */
  followRun(runId: string, signal: AbortSignal): Promise<ReadableStream<DifyEvent>>;
  /** The proxy URL of a Dify path (for the upload and voice chunks, which send bodies of their own). */
  urlFor(path: string): string;
  /** Sends with the visitor session, renewing it once on a 401; the response is the caller's to read. */
  send(url: string, init: RequestInit): Promise<Response>;
}

/** Creates the client for one (proxy, app). Paths are Dify's, relative to `/v1/`. */
export function createProxyClient(options: ProxyClientOptions): ProxyClient {
  const apiBase = new URL(options.app ? `apps/${encodeURIComponent(options.app)}/v1/` : 'v1/', options.proxyBase);

  function urlFor(path: string, query?: Record<string, string>): string {
    const url = new URL(path, apiBase);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    return url.href;
  }

  let headers: Headers | undefined;

  // Sends with the current session; on a 401 renews once and sends again. A 401 means the proxy
  // refused before anything reached Dify, so repeating it (even a message) cannot duplicate work.
  async function send(url: string, init: RequestInit): Promise<Response> {
    const attempt = async (token: string) => {
      const response = await fetchOrProblem(options.fetch, url, {
        ...init,
        headers: { ...init.headers, Authorization: `Bearer ${token}` },
      });
      headers = response.headers;
      return response;
    };
    const session = await options.sessions.current();
    const response = await attempt(session.token);
    if (response.status !== 401) return response;
    await response.body?.cancel().catch(() => undefined);
    return attempt((await options.sessions.renew(session)).token);
  }

  async function readJson(response: Response): Promise<unknown> {
    if (!response.ok) throw new ProblemError(await problemFromResponse(response));
    if (response.status === 204) return undefined;
    return response.json().catch(() => {
      throw new ProblemError({ kind: 'unavailable', code: 'invalid_json', status: response.status });
    });
  }

  const jsonHeaders = { 'Content-Type': 'application/json' };

  return {
    get headers() {
      return headers;
    },
    async getJson(path, query) {
      return readJson(await send(urlFor(path, query), { method: 'GET' }));
    },
    async postJson(path, body, method = 'POST') {
      return readJson(await send(urlFor(path), { method, headers: jsonHeaders, body: JSON.stringify(body) }));
    },
    async openStream(path, body, signal) {
      const init = { method: 'POST', headers: { ...jsonHeaders, Accept: 'text/event-stream' }, signal };
      return readEvents(await send(urlFor(path), { ...init, body: JSON.stringify({ ...body, response_mode: 'streaming' }) }));
    },
    async followRun(runId, signal) {
      const path = `workflow/${encodeURIComponent(runId)}/events`;
      return readEvents(await send(urlFor(path), { method: 'GET', headers: { Accept: 'text/event-stream' }, signal }));
    },
    urlFor,
    send,
  };
}

/** The Dify events of a streamed response; a refusal or a response that is not a stream rejects with ProblemError. */
async function readEvents(response: Response): Promise<ReadableStream<DifyEvent>> {
  if (!response.ok) throw new ProblemError(await problemFromResponse(response));
  if (!response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    await response.body?.cancel().catch(() => undefined);
    throw new ProblemError({
      kind: 'unavailable',
      code: 'not_a_stream',
      status: response.status,
      detail: 'The server answered without a stream.',
    });
  }
  return toDifyEventStream(toServerSentEvents(response.body));
}

/**
 * The two ways the suite talks to an app: directly to Dify with the app key, and through our proxy with a
 * visitor session. Checks are written once against this interface.
 */
import { open, readReply, requestJson, type JsonReply, type RequestSpec } from './http.ts';
import { brief, text } from './json.ts';
import type { PathName } from './plan.ts';
import { BlockReader } from './sse.ts';

/** How long the suite waits, in ms. */
export interface Bounds {
  /** For any request that is not a generation (and for a generation's response headers). */
  readonly requestMs: number;
  /** For a whole generation, from the request to its last frame. */
  readonly answerMs: number;
  /** How long without a data frame counts as Dify's silence (§4.3 item 5). */
  readonly silenceMs: number;
  /** How long after the last frame the server may take to close the stream. */
  readonly closeMs: number;
  /** How long after the stop call a stopped answer may take to end (§5: Dify notices within about a second). */
  readonly stopMs: number;
}

type Method = 'GET' | 'POST' | 'DELETE';

interface CallOptions {
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: Readonly<Record<string, unknown>>;
}

type StreamStart = { readonly kind: 'stream'; readonly reader: BlockReader } | { readonly kind: 'reply'; readonly reply: JsonReply };

export interface Channel {
  readonly path: PathName;
  readonly bounds: Bounds;
  /** The Dify `user` the calls run as (direct: the suite's own; proxy: the session's visitor). */
  readonly user: string;
  call(method: Method, path: string, options?: CallOptions): Promise<JsonReply>;
  /** Starts a generation; an HTTP error before the stream comes back as a reply. */
  stream(path: string, body: Readonly<Record<string, unknown>>): Promise<StreamStart>;
}

interface Endpoint {
  readonly baseUrl: string;
  readonly authorization: string;
  /** Direct calls carry `user`; the proxy sets it from the session and ignores the client's. */
  readonly user?: string;
}

function spec(endpoint: Endpoint, method: Method, path: string, options: CallOptions): RequestSpec {
  const query = new URLSearchParams(options.query);
  const withUser = endpoint.user !== undefined;
  if (withUser && method === 'GET') query.set('user', endpoint.user ?? '');
  const search = query.size === 0 ? '' : `?${query.toString()}`;
  const body = method === 'GET' ? undefined : { ...options.body, ...(withUser ? { user: endpoint.user } : {}) };
  return { method, url: `${endpoint.baseUrl}${path}${search}`, headers: { Authorization: endpoint.authorization }, body };
}

function channel(path: PathName, endpoint: Endpoint, user: string, bounds: Bounds): Channel {
  return {
    path,
    bounds,
    user,
    call: (method, target, options = {}) => requestJson(spec(endpoint, method, target, options), bounds.requestMs),
    async stream(target, body) {
      const controller = new AbortController();
      const response = await open(spec(endpoint, 'POST', target, { body }), bounds.requestMs, controller);
      const type = response.headers.get('content-type') ?? '';
      if (response.status === 200 && type.startsWith('text/event-stream') && response.body !== null) {
        return { kind: 'stream', reader: new BlockReader(response.body, controller) };
      }
      return { kind: 'reply', reply: await readReply(response, bounds.requestMs) };
    },
  };
}

export function directChannel(apiUrl: string, key: string, user: string, bounds: Bounds): Channel {
  return channel('direct', { baseUrl: apiUrl, authorization: `Bearer ${key}`, user }, user, bounds);
}

/** Starts a visitor session on the proxy (POST /session) and talks to one of its apps with it. */
export async function proxyChannel(proxyUrl: string, appId: string, bounds: Bounds): Promise<Channel> {
  // A session is minted for the app it talks to: its token is refused on the others.
  const reply = await requestJson({ method: 'POST', url: `${proxyUrl}/session`, headers: {}, body: { app: appId } }, bounds.requestMs);
  const token = text(reply.json, 'token');
  const user = text(reply.json, 'user');
  if (reply.status !== 200 || token === undefined || user === undefined) {
    throw new Error(`POST /session answered ${reply.status} ${brief(reply.body)}`);
  }
  return channel('proxy', { baseUrl: `${proxyUrl}/apps/${appId}/v1`, authorization: `Bearer ${token}` }, user, bounds);
}

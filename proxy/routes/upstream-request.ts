import type { AppConfig, Timeouts } from '../config.ts';
import type { Visitor } from '../session.ts';
import type { UpstreamRequest } from '../upstream/dify.ts';
import { upstreamBody, upstreamQuery, type BodySchemas } from './bodies.ts';
import { upstreamPath, type Endpoint } from './table.ts';

/** What the visitor sent, already authenticated and parsed. */
export interface VisitorRequest {
  readonly params: Readonly<Record<string, string | string[] | undefined>>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  readonly visitor: Visitor;
  /** The inputs this visitor may set (generations only). */
  readonly settable?: ReadonlySet<string>;
}

/** The request for Dify, without its abort signal, and how the visitor wants a generation answered. */
export interface UpstreamCall {
  readonly request: Omit<UpstreamRequest, 'signal'>;
  /** A generation is always streamed from Dify; this says whether the visitor gets the stream or one JSON answer. */
  readonly visitorStreams: boolean;
}

export interface RequestRules {
  readonly app: AppConfig;
  readonly schemas: BodySchemas;
  readonly timeouts: Timeouts;
}

/**
 * Builds what goes to Dify from what the visitor sent: allowlisted fields and query keys, the session's
 * `user`, merged inputs, and for a generation `response_mode: streaming`, so its task id is always
 * known and a visitor who leaves can be stopped. Throws a ProxyError on bad input.
 */
export function buildUpstreamRequest(endpoint: Endpoint, incoming: VisitorRequest, rules: RequestRules): UpstreamCall {
  const json =
    endpoint.body === 'none' || endpoint.body === 'multipart'
      ? undefined
      : upstreamBody(rules.schemas, endpoint, rules.app, incoming.visitor, incoming.body, incoming.settable);
  // A followed run is a stream by nature; a generation is one when the visitor asked for it.
  const visitorStreams = endpoint.kind === 'follow' || json?.['response_mode'] === 'streaming';
  if (endpoint.kind === 'generate' && json !== undefined) json['response_mode'] = 'streaming';
  const request: Omit<UpstreamRequest, 'signal'> = {
    endpoint: endpoint.name,
    method: endpoint.method.toUpperCase(),
    path: upstreamPath(endpoint, incoming.params),
    headersTimeoutMs: endpoint.body === 'multipart' ? rules.timeouts.blockingMs : rules.timeouts.headersMs,
    ...(endpoint.method === 'get' ? { query: upstreamQuery(endpoint, incoming.query, incoming.visitor) } : {}),
    ...(json === undefined ? {} : { json }),
  };
  return { request, visitorStreams };
}

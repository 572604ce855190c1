import type { Request } from 'express';
import type { Logger } from '../logger.ts';
import type { Visitor } from '../session.ts';

/** What the proxy learns about one request while handling it; read by the request log. */
export interface RequestContext {
  readonly requestId: string;
  readonly logger: Logger;
  appId?: string;
  endpoint?: string;
  visitor?: Visitor;
  /** Extra fields for the request's log line (never message text, tokens or keys). */
  readonly logFields: Record<string, unknown>;
}

const contexts = new WeakMap<Request, RequestContext>();

/** Attaches the context for a request (done once, by the request-log middleware). */
export function attachContext(request: Request, context: RequestContext): void {
  contexts.set(request, context);
}

/** The context of a request that went through the request-log middleware. */
export function contextOf(request: Request): RequestContext {
  const context = contexts.get(request);
  if (context === undefined) throw new Error('request context missing: the request-log middleware must run first');
  return context;
}

/** The visitor authenticated for this request; throws if the session middleware did not run. */
export function visitorOf(request: Request): Visitor {
  const visitor = contextOf(request).visitor;
  if (visitor === undefined) throw new Error('visitor missing: the session middleware must run first');
  return visitor;
}

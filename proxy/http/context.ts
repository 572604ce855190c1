import type { Response } from 'express';
import type { AppMode } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Visitor } from '../session.ts';

/** What the proxy learns about one request while handling it; read by the request log. */
export interface RequestContext {
  readonly requestId: string;
  readonly logger: Logger;
  appId?: string;
  endpoint?: string;
  /** The app's mode, once the mode guard has checked it. */
  mode?: AppMode;
  visitor?: Visitor;
  /** Extra fields for the request's log line (never message text, tokens or keys). */
  readonly logFields: Record<string, unknown>;
}

declare global {
  // Express types `res.locals` through this global interface; the request-log middleware sets `context` first.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      context: RequestContext;
    }
  }
}

/** The context of a request that went through the request-log middleware. */
export function contextOf(res: Response): RequestContext {
  return res.locals.context;
}

/** The visitor authenticated for this request; throws if the session guard did not run. */
export function visitorOf(res: Response): Visitor {
  const visitor = res.locals.context.visitor;
  if (visitor === undefined) throw new Error('visitor missing: the session guard must run first');
  return visitor;
}

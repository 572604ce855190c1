/** The shape of one Service API route: where its `user` comes from, which modes it serves, its handler. */
import type { DifyHttpError } from './errors.ts';
import type { RequestContext } from './runtime.ts';
import type { AppMode } from './types.ts';

export interface UserArgument {
  from: 'json' | 'query' | 'form';
  required: boolean;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Anchored pattern over the path after `/v1`; named groups become `params`. */
  path: RegExp;
  /** Where `user` is read; omitted for endpoints that run as the workspace owner. */
  user?: UserArgument;
  /** The modes allowed, and the error for any other mode. */
  modes?: { allowed: readonly AppMode[]; error: () => DifyHttpError };
  handle(context: RequestContext): void | Promise<void>;
}

/** A path segment Flask's `<uuid:...>` converter accepts. */
export const uuidSegment = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** Builds an anchored route pattern; `:name` is a string segment, `:name(uuid)` a UUID segment. */
export function pathPattern(template: string): RegExp {
  const source = template.replace(/:(\w+)(\(uuid\))?/g, (_match, name: string, uuid: string | undefined) =>
    uuid === undefined ? `(?<${name}>[^/]+)` : `(?<${name}>${uuidSegment})`,
  );
  return new RegExp(`^${source}$`);
}

export const chatModes: readonly AppMode[] = ['chat', 'agent-chat', 'advanced-chat'];
export const allModes: readonly AppMode[] = ['chat', 'agent-chat', 'advanced-chat', 'completion', 'workflow'];

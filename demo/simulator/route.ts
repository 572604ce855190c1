/** The shape of one Service API route: where its `user` comes from, which modes it serves, its handler. */
import type { AppFamily, AppMode } from '../../shared/dify-wire.ts';
import type { DifyHttpError } from './errors.ts';
import type { RequestContext } from './runtime.ts';

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

/** Every mode the simulator plays, and which family of Dify's endpoints serves it. */
const modeFamilies = {
  chat: 'chat',
  'agent-chat': 'chat',
  agent: 'chat',
  'advanced-chat': 'chat',
  completion: 'completion',
  workflow: 'workflow',
} as const satisfies Record<AppMode, AppFamily>;

export function isAppMode(value: string): value is AppMode {
  return Object.hasOwn(modeFamilies, value);
}

export const allModes: readonly AppMode[] = Object.keys(modeFamilies).filter(isAppMode);
export const chatModes: readonly AppMode[] = allModes.filter((mode) => modeFamilies[mode] === 'chat');

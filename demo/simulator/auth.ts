/** Dify's `validate_and_get_api_token("app")`: the bearer key selects the app (pure). */
import { unauthorized } from './errors.ts';
import type { SimulatedApp } from './types.ts';

/** The bearer token of an Authorization header, or undefined when the header is not a bearer header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^(\S+)\s+([\s\S]*)$/.exec(header ?? '');
  if (match === null || match[1]?.toLowerCase() !== 'bearer') return undefined;
  return match[2];
}

/** The app the key belongs to, or the exact 401 Dify gives for a missing, malformed or unknown key. */
export function authenticate(header: string | undefined, apps: ReadonlyMap<string, SimulatedApp>): SimulatedApp {
  if (header === undefined || !header.includes(' ')) {
    throw unauthorized("Authorization header must be provided and start with 'Bearer'");
  }
  const match = /^(\S+)\s+([\s\S]*)$/.exec(header);
  if (match?.[1]?.toLowerCase() !== 'bearer') throw unauthorized("Authorization scheme must be 'Bearer'");
  const app = apps.get(match[2] ?? '');
  if (app === undefined) throw unauthorized('Access token is invalid');
  return app;
}

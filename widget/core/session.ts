import { fetchOrProblem, ProblemError, problemFromResponse } from './http.ts';
import { readSession, type StateStore, type StoredSession } from './persisted-state.ts';
import { isRecord } from './guards.ts';

/** Renew this many seconds before expiry, so a token never expires between check and use. */
const renewalMarginSeconds = 60;

export interface SessionKeeperOptions {
  proxyBase: string;
  /** The app the session is for (absent: the proxy's default app); the proxy refuses its token elsewhere. */
  app?: string;
  fetch: typeof fetch;
  state: StateStore;
  /** The host-signed identity from the embed options, used when no stored session exists. */
  identity?: string;
  now?: () => number;
}

/** Gets, renews and replaces the visitor session; every caller shares one in-flight request. */
export interface SessionKeeper {
  /** A session that is valid now: the stored one, renewed if it is about to expire, or a new one. */
  current(): Promise<StoredSession>;
  /** A fresh token for the same user (after a 401), or a new session when renewal is refused. */
  renew(rejected: StoredSession): Promise<StoredSession>;
  /** Switch to a verified identity (JWT signed by the host's backend). */
  identify(identityToken: string): Promise<StoredSession>;
  /** Forget the session; the next request mints an anonymous one. */
  forget(): void;
}

function subjectOf(identityToken: string): string | undefined {
  // Only to know whether a stored session already belongs to this identity; the proxy verifies it.
  const payload = identityToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const json: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    return isRecord(json) && typeof json.sub === 'string' ? json.sub : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the session keeper for one (proxy, app) instance. */
export function createSessionKeeper(options: SessionKeeperOptions): SessionKeeper {
  const now = options.now ?? (() => Date.now() / 1000);
  let identity = options.identity;
  let inFlight: Promise<StoredSession> | undefined;

  async function post(body: Record<string, string>, bearer?: string): Promise<StoredSession> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    const response = await fetchOrProblem(options.fetch, new URL('session', options.proxyBase).href, {
      method: 'POST',
      headers,
      // An absent app is dropped by JSON.stringify: the proxy's default app.
      body: JSON.stringify({ ...body, app: options.app }),
    });
    if (!response.ok) throw new ProblemError(await problemFromResponse(response));
    const session = readSession(await response.json().catch(() => undefined));
    if (!session)
      throw new ProblemError({
        kind: 'session',
        code: 'invalid_session_response',
        detail: 'POST /session did not return {token, user, expires_at}.',
      });
    options.state.update((state) => ({ ...state, session }));
    return session;
  }

  const mint = () => post(identity ? { identity } : {});

  async function renewOrMint(rejected: StoredSession): Promise<StoredSession> {
    try {
      return await post({}, rejected.token);
    } catch (error) {
      // Renewal is refused once a token is more than 30 days past expiry: start a new session.
      if (error instanceof ProblemError && (error.problem.status === 401 || error.problem.status === 403)) return mint();
      throw error;
    }
  }

  function shared(start: () => Promise<StoredSession>): Promise<StoredSession> {
    inFlight ??= start().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function storedFor(current: StoredSession | undefined): StoredSession | undefined {
    if (!current || !identity) return current;
    const subject = subjectOf(identity);
    return subject && current.user === `user-${subject}` ? current : undefined;
  }

  return {
    current() {
      if (inFlight) return inFlight;
      const stored = storedFor(options.state.read().session);
      if (!stored) return shared(mint);
      if (stored.expiresAt - now() > renewalMarginSeconds) return Promise.resolve(stored);
      return shared(() => renewOrMint(stored));
    },
    renew(rejected) {
      const stored = options.state.read().session;
      // Another request already renewed it: use that instead of renewing twice.
      if (stored && stored.token !== rejected.token && stored.expiresAt - now() > renewalMarginSeconds) return Promise.resolve(stored);
      return inFlight ?? shared(() => renewOrMint(rejected));
    },
    identify(identityToken) {
      identity = identityToken;
      return shared(mint);
    },
    forget() {
      identity = undefined;
      options.state.update(({ session: _dropped, ...rest }) => rest);
    },
  };
}

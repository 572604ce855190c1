import { createHmac, randomBytes } from 'node:crypto';
import { variableName } from './config.ts';
import { ProxyError, isRecord, unauthorized } from './errors.ts';
import { createTokenCodec, TokenRefused, type Claims } from './session-token.ts';

/** The visitor a session token stands for. */
export interface Visitor {
  /** Dify `user`: `anon-…` or `user-<sub>`. */
  readonly user: string;
  /** `identified` when the host's backend vouched for the visitor with an identity JWT. */
  readonly kind: 'anonymous' | 'identified';
  readonly name: string | undefined;
  /** Trusted inputs from a verified identity. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** When the visitor was first minted or vouched for (epoch seconds); renewals keep it. */
  readonly authenticatedAt: number;
  /**
   * The app the session was minted for; its token is refused on every other app. Undefined only for a
   * token minted before sessions were bound to an app (accepted everywhere until it expires).
   */
  readonly app: string | undefined;
}

/** What `POST /session` answers. */
interface SessionResponse {
  token: string;
  user: string;
  expires_at: number;
  name?: string;
}

export interface SessionOptions {
  secret: string;
  ttlSeconds: number;
  /** How long after expiry a token may still be renewed; also how long a verified identity lasts without the host vouching again. */
  renewalWindowSeconds: number;
  /** The current IDENTITY_SECRET: identified sessions are only valid while the secret that vouched for them is. */
  identitySecret: string | undefined;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A fresh anonymous visitor of `app`: `anon-` and 144 random bits. */
export function anonymousVisitor(app: string): Visitor & { app: string } {
  return {
    user: `anon-${randomBytes(18).toString('base64url')}`,
    kind: 'anonymous',
    name: undefined,
    inputs: {},
    authenticatedAt: nowSeconds(),
    app,
  };
}

function explain(error: unknown): ProxyError {
  if (error instanceof TokenRefused && error.reason === 'expired') {
    return unauthorized('session_expired', 'The session token has expired. Renew it with POST /session.');
  }
  return unauthorized('invalid_session', 'The session token is not valid. Start a new session with POST /session.');
}

/** A token minted for another app than the one it is used on. */
export function appMismatch(app: string): ProxyError {
  return unauthorized(
    'session_app_mismatch',
    `This session token was issued for another app. Start a session for this one with POST /session and {"app": "${app}"}.`,
  );
}

/** The token of an `Authorization: Bearer <token>` header (scheme compared case-insensitively, as Dify does). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Issues and checks visitor session tokens (HS256 JWTs signed with SESSION_SECRET). */
export interface Sessions {
  /** A token for the visitor, bound to `visitor.app`. */
  issue(visitor: Visitor & { app: string }): SessionResponse;
  /** The visitor of a token used on `app`; throws a 401 ProxyError for a forged, malformed, expired, revoked or other app's token. */
  verify(token: string, app: string): Visitor;
  /** Like verify, but also accepts a token that expired within the renewal window (see `createSessions`), for any app. */
  verifyForRenewal(token: string): Visitor;
}

/**
 * Creates the session token service.
 *
 * Renewal rule. A token that expired less than `renewalWindowSeconds` ago can be exchanged for a fresh one
 * for the same visitor, so a returning visitor keeps the conversation they can see.
 * - Anonymous sessions may chain renewals without end: the token *is* the anonymous identity, so capping
 *   the chain would only orphan the visitor's history; a visitor who stays away longer than the window
 *   loses it.
 * - Identified sessions (`user-<sub>`) carry the time the host's backend vouched for the visitor
 *   (`auth_time`, kept across renewals) and cannot be renewed once that is older than the renewal window:
 *   the host must vouch again with a fresh identity JWT (the widget re-sends its identity when renewal is
 *   refused). They also carry a fingerprint of the IDENTITY_SECRET that vouched, so rotating or unsetting
 *   that secret revokes every session it vouched for at once, without touching anonymous sessions.
 *
 * App rule. A token carries the app it was minted for and is refused (401 `session_app_mismatch`) on any
 * other: a session started where one app's origins allow it, or carrying identity inputs meant for one
 * app, is not a pass to the others. A signed-in visitor is `user-<sub>` on every app all the same.
 * A renewal keeps the app. Tokens minted before this rule carry no app and pass everywhere until they
 * expire (at most the session TTL); renewing one binds it.
 */
export function createSessions(options: SessionOptions): Sessions {
  const codec = createTokenCodec(options.secret, nowSeconds);
  // Keyed with SESSION_SECRET so the fingerprint a visitor can read reveals nothing about IDENTITY_SECRET.
  const identityKeyId =
    options.identitySecret === undefined
      ? undefined
      : createHmac('sha256', options.secret).update(`identity-secret:${options.identitySecret}`).digest('base64url').slice(0, 22);

  function visitorFrom(claims: Claims): Visitor {
    const { sub, name, inputs, auth_time: authenticatedAt, idk, app } = claims;
    if (typeof sub !== 'string' || sub === '' || typeof authenticatedAt !== 'number') throw explain(undefined);
    if (app !== undefined && typeof app !== 'string') throw explain(undefined);
    if (idk !== undefined && (identityKeyId === undefined || idk !== identityKeyId)) {
      throw unauthorized(
        'invalid_session',
        'The verified identity behind this session is no longer accepted (the identity secret changed). Start a new session with POST /session and a fresh identity token.',
      );
    }
    return {
      user: sub,
      kind: idk === undefined ? 'anonymous' : 'identified',
      name: typeof name === 'string' ? name : undefined,
      inputs: isRecord(inputs) ? inputs : {},
      authenticatedAt,
      app,
    };
  }

  function check(token: string, toleranceSeconds: number): Visitor {
    try {
      return visitorFrom(codec.verify(token, toleranceSeconds));
    } catch (error) {
      throw error instanceof ProxyError ? error : explain(error);
    }
  }

  return {
    issue(visitor) {
      const expiresAt = nowSeconds() + options.ttlSeconds;
      const claims: Record<string, unknown> = { auth_time: visitor.authenticatedAt, app: visitor.app };
      if (visitor.kind === 'identified') {
        if (identityKeyId === undefined) throw new Error(`an identified visitor needs ${variableName('identitySecret')}`);
        claims['idk'] = identityKeyId;
      }
      if (visitor.name !== undefined) claims['name'] = visitor.name;
      if (Object.keys(visitor.inputs).length > 0) claims['inputs'] = visitor.inputs;
      const response: SessionResponse = { token: codec.sign(visitor.user, expiresAt, claims), user: visitor.user, expires_at: expiresAt };
      if (visitor.name !== undefined) response.name = visitor.name;
      return response;
    },
    verify(token, app) {
      const visitor = check(token, 0);
      if (visitor.app !== undefined && visitor.app !== app) throw appMismatch(app);
      return visitor;
    },
    verifyForRenewal(token) {
      const visitor = check(token, options.renewalWindowSeconds);
      if (visitor.kind === 'identified' && nowSeconds() - visitor.authenticatedAt > options.renewalWindowSeconds) {
        throw unauthorized(
          'session_expired',
          'This signed-in session is too old to renew. Start a new session with POST /session and a fresh identity token from the site.',
        );
      }
      return visitor;
    },
  };
}

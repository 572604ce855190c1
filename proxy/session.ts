import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { ProxyError, isRecord, unauthorized } from './errors.ts';
import { joseErrorCode } from './jwt-errors.ts';

/** The visitor a session token stands for. */
export interface Visitor {
  /** Dify `user`: `anon-…` or `user-<sub>`. */
  readonly user: string;
  readonly name: string | undefined;
  /** Trusted inputs from a verified identity. */
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** What `POST /session` answers. */
export interface SessionResponse {
  token: string;
  user: string;
  expires_at: number;
  name?: string;
}

export interface SessionOptions {
  secret: string;
  ttlSeconds: number;
  /** How long after expiry a token may still be renewed. */
  renewalWindowSeconds: number;
}

const issuer = 'dify-widget';
const audience = 'dify-widget:session';
const tokenType = 'dify-widget-session+jwt';

/** A fresh anonymous Dify user: `anon-` and 144 random bits. */
export function anonymousUser(): string {
  return `anon-${randomBytes(18).toString('base64url')}`;
}

function explain(error: unknown): ProxyError {
  if (joseErrorCode(error) === 'ERR_JWT_EXPIRED') {
    return unauthorized('session_expired', 'The session token has expired. Renew it with POST /session.');
  }
  return unauthorized('invalid_session', 'The session token is not valid. Start a new session with POST /session.');
}

function visitorFrom(payload: Record<string, unknown>): Visitor {
  const { sub, name, inputs } = payload;
  if (typeof sub !== 'string' || sub === '') throw explain(undefined);
  return {
    user: sub,
    name: typeof name === 'string' ? name : undefined,
    inputs: isRecord(inputs) ? inputs : {},
  };
}

/** The token of an `Authorization: Bearer <token>` header (scheme compared case-insensitively, as Dify does). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Issues and checks visitor session tokens (HS256 JWTs signed with SESSION_SECRET). */
export interface Sessions {
  issue(visitor: Visitor): Promise<SessionResponse>;
  /** Throws a 401 ProxyError for a forged, malformed or expired token. */
  verify(token: string): Promise<Visitor>;
  /** Like verify, but also accepts a token that expired within the renewal window. */
  verifyForRenewal(token: string): Promise<Visitor>;
}

/** Creates the session token service. */
export function createSessions(options: SessionOptions): Sessions {
  const key = new TextEncoder().encode(options.secret);
  const verifyOptions = { algorithms: ['HS256'], issuer, audience, typ: tokenType, requiredClaims: ['sub', 'exp'] };

  async function check(token: string, clockTolerance: number): Promise<Visitor> {
    try {
      const { payload } = await jwtVerify(token, key, { ...verifyOptions, clockTolerance });
      return visitorFrom(payload);
    } catch (error) {
      throw error instanceof ProxyError ? error : explain(error);
    }
  }

  return {
    async issue(visitor) {
      const expiresAt = Math.floor(Date.now() / 1000) + options.ttlSeconds;
      const claims: Record<string, unknown> = {};
      if (visitor.name !== undefined) claims['name'] = visitor.name;
      if (Object.keys(visitor.inputs).length > 0) claims['inputs'] = visitor.inputs;
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: tokenType })
        .setSubject(visitor.user)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(expiresAt)
        .sign(key);
      const response: SessionResponse = { token, user: visitor.user, expires_at: expiresAt };
      if (visitor.name !== undefined) response.name = visitor.name;
      return response;
    },
    verify: (token) => check(token, 0),
    verifyForRenewal: (token) => check(token, options.renewalWindowSeconds),
  };
}

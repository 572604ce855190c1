// The session token's wire format: a compact HS256 JWT with one fixed header, signed and checked with
// node:crypto's HMAC. Every request carries one, so checking it must be cheap: a synchronous HMAC (a few
// microseconds) instead of an asynchronous WebCrypto key import and verify per request (about 130 µs
// through jose), and a bounded cache of tokens already verified, so a visitor's next request costs one
// map lookup. Tokens minted by the earlier jose-based code have exactly this format, so they keep working.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRecord } from './errors.ts';

const tokenType = 'dify-widget-session+jwt';
/** The one header every session token has; anything else (`alg: none`, HS512, `crit`, …) is refused as it is. */
const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: tokenType })).toString('base64url');
const issuer = 'dify-widget';
const audience = 'dify-widget:session';

/** Verified tokens kept; the oldest used is dropped first. Tokens longer than `longestCached` are never kept. */
const cachedTokens = 10_000;
const longestCached = 2048;

export type Claims = Readonly<Record<string, unknown>>;

/** Why a token was refused: it is not ours (`invalid`) or it was ours but ran out (`expired`). */
export class TokenRefused extends Error {
  override readonly name = 'TokenRefused';
  readonly reason: 'invalid' | 'expired';
  constructor(reason: 'invalid' | 'expired') {
    super(`session token ${reason}`);
    this.reason = reason;
  }
}

export interface TokenCodec {
  /** Signs claims for `subject`, valid until `expiresAt` (epoch seconds). */
  sign(subject: string, expiresAt: number, claims: Claims): string;
  /**
   * The claims of a token signed with this secret that has not expired more than `toleranceSeconds`
   * ago (`sub`, `exp` and `iat` included); throws TokenRefused otherwise.
   */
  verify(token: string, toleranceSeconds: number): Claims;
}

function signatureOf(secret: string, signed: string): string {
  return createHmac('sha256', secret).update(signed).digest('base64url');
}

/** The claims of a well-formed, correctly signed token of ours, whatever its expiry. */
function checkedClaims(secret: string, token: string): Claims & { exp: number } {
  const [head, body, signature, extra] = token.split('.');
  if (head !== header || body === undefined || signature === undefined || extra !== undefined) throw new TokenRefused('invalid');
  // Compared as the canonical base64url text, so no other spelling of the same bytes passes.
  const expected = Buffer.from(signatureOf(secret, `${head}.${body}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenRefused('invalid');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new TokenRefused('invalid');
  }
  if (!isRecord(claims) || claims['iss'] !== issuer || claims['aud'] !== audience) throw new TokenRefused('invalid');
  const { exp, iat, sub } = claims;
  if (typeof exp !== 'number' || typeof sub !== 'string' || (iat !== undefined && typeof iat !== 'number'))
    throw new TokenRefused('invalid');
  return { ...claims, exp };
}

/** The token codec for one SESSION_SECRET. `now` is epoch seconds. */
export function createTokenCodec(secret: string, now: () => number): TokenCodec {
  // Insertion order is use order: a hit is moved to the end, the first key is the least recently used.
  const verified = new Map<string, Claims & { exp: number }>();

  function claimsOf(token: string): Claims & { exp: number } {
    const cached = verified.get(token);
    if (cached !== undefined) {
      verified.delete(token);
      verified.set(token, cached);
      return cached;
    }
    const claims = checkedClaims(secret, token);
    if (token.length <= longestCached) {
      verified.set(token, claims);
      if (verified.size > cachedTokens) verified.delete(verified.keys().next().value ?? '');
    }
    return claims;
  }

  return {
    sign(subject, expiresAt, claims) {
      const payload = { ...claims, sub: subject, iss: issuer, aud: audience, iat: now(), exp: expiresAt };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${header}.${body}.${signatureOf(secret, `${header}.${body}`)}`;
    },
    verify(token, toleranceSeconds) {
      const claims = claimsOf(token);
      // As jose decided: expired once `exp` is at or before now, less the tolerance.
      if (claims.exp <= now() - toleranceSeconds) throw new TokenRefused('expired');
      return claims;
    },
  };
}

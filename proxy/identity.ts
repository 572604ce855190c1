import { jwtVerify } from 'jose';
import { variableName } from './config.ts';
import { isRecord, stringProperty, unauthorized, type ProxyError } from './errors.ts';
import type { Visitor } from './session.ts';

const maximumSubjectLength = 128;
/**
 * Control, invisible-format (bidi overrides, zero-width) and line-separator characters. A `sub` holding
 * them would become a Dify user that looks like another one in Dify's logs and console (`user-ada\u202e…`),
 * and no real user id needs them.
 */
const invisibleOrControl = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

function invalid(reason: string): ProxyError {
  return unauthorized('invalid_identity', `The identity token was rejected: ${reason}. Have your backend sign a fresh one.`);
}

function explain(error: unknown): ProxyError {
  const code = stringProperty(error, 'code');
  const claim = stringProperty(error, 'claim');
  if (code === 'ERR_JWT_EXPIRED') return invalid('it has expired (exp is in the past)');
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim !== undefined) return invalid(`the "${claim}" claim is missing or invalid`);
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return invalid(`its signature does not match ${variableName('identitySecret')}`);
  if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') return invalid('it must be signed with HS256');
  return invalid('it is not a well-formed HS256 JWT');
}

/**
 * Verifies an identity JWT signed by the host site's backend with IDENTITY_SECRET (HS256 only, `sub` and
 * `exp` required; optional `name` and `inputs`, which become trusted app inputs the visitor cannot override)
 * and returns the visitor `user-<sub>`. Throws a 401 ProxyError that says why on any failure.
 */
export async function verifyIdentity(token: string, identitySecret: string | undefined): Promise<Omit<Visitor, 'app'>> {
  if (identitySecret === undefined) {
    throw unauthorized(
      'identity_not_enabled',
      `This proxy does not accept identity tokens because ${variableName('identitySecret')} is not set. Set it to the secret your backend signs with, or start an anonymous session with {}.`,
    );
  }
  let payload: Record<string, unknown>;
  try {
    const verified = await jwtVerify(token, new TextEncoder().encode(identitySecret), {
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
      clockTolerance: 5,
    });
    payload = verified.payload;
  } catch (error) {
    throw explain(error);
  }
  const { sub, name, inputs } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > maximumSubjectLength || invisibleOrControl.test(sub)) {
    throw invalid(`"sub" must be a non-empty string of at most ${maximumSubjectLength} visible characters`);
  }
  if (name !== undefined && (typeof name !== 'string' || name.length > 200)) throw invalid('"name" must be a short string');
  if (inputs !== undefined && !isRecord(inputs)) throw invalid('"inputs" must be a JSON object');
  return {
    user: `user-${sub}`,
    kind: 'identified',
    name: typeof name === 'string' ? name : undefined,
    inputs: inputs ?? {},
    authenticatedAt: Math.floor(Date.now() / 1000),
  };
}

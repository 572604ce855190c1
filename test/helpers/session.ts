import { SignJWT } from 'jose';

export interface MintedSession {
  readonly token: string;
  readonly user: string;
  readonly expires_at: number;
  readonly name?: string;
}

function isSession(value: unknown): value is MintedSession {
  return (
    typeof value === 'object' &&
    value !== null &&
    'token' in value &&
    typeof value.token === 'string' &&
    'user' in value &&
    typeof value.user === 'string' &&
    'expires_at' in value &&
    typeof value.expires_at === 'number'
  );
}

/** `POST /session` on a proxy; throws unless it answers 200 with a session. */
export async function mintSession(
  proxyUrl: string,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<MintedSession> {
  const response = await fetch(`${proxyUrl}/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json();
  if (response.status !== 200 || !isSession(json)) throw new Error(`POST /session answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Signs an identity JWT the way a host site's backend would. */
export async function signIdentity(
  secret: string,
  claims: Record<string, unknown>,
  options: { expiresIn?: string | number | null; algorithm?: string } = {},
): Promise<string> {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: options.algorithm ?? 'HS256' }).setIssuedAt();
  if (options.expiresIn !== null) jwt = jwt.setExpirationTime(options.expiresIn ?? '10m');
  return jwt.sign(new TextEncoder().encode(secret));
}

/** An unsigned `alg: none` JWT, which must never be accepted. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

/** Authorization header for a session token. */
export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** `POST /session` for one app (`{"app": id}`): its token is refused on every other app. */
export function mintSessionFor(
  proxyUrl: string,
  app: string,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<MintedSession> {
  return mintSession(proxyUrl, { ...body, app }, headers);
}

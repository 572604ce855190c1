import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';

/** What the demo's login form may send: a display name, nothing else. */
export const loginRequestSchema = z.object({
  name: z.string().trim().min(1, 'Type a name to sign in as.').max(40, 'Keep the name under 40 characters.'),
});

/** How long a demo identity token is valid; the proxy's session outlives it. */
const identityLifetimeSeconds = 60 * 60;

/**
 * A stable subject for a display name, so signing in again as "Alice" gives back Alice's history.
 * A real site would use its own user id; the hash keeps non-Latin names distinct.
 */
function subjectForName(name: string): string {
  const normalised = name.trim().toLowerCase();
  const slug = normalised
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24);
  const digest = createHash('sha256').update(normalised).digest('hex').slice(0, 8);
  return slug ? `demo-${slug}-${digest}` : `demo-${digest}`;
}

/** A signed identity for the widget: what the host site's backend hands the page after login. */
export interface MintedIdentity {
  identity: string;
  name: string;
  sub: string;
  expires_at: number;
}

/** Signs `{ sub, name, exp }` with the shared secret (HS256), exactly what the proxy verifies. */
export async function mintIdentity(name: string, secret: string, nowSeconds: number): Promise<MintedIdentity> {
  const sub = subjectForName(name);
  const expiresAt = nowSeconds + identityLifetimeSeconds;
  const identity = await new SignJWT({ name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(secret));
  return { identity, name, sub, expires_at: expiresAt };
}

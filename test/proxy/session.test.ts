import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startProxy, testConfig, testIdentitySecret, testOrigin, testSessionSecret, type RunningProxy } from '../helpers/proxy.ts';
import { bearer, mintSession, signIdentity, unsignedToken } from '../helpers/session.ts';
import { startStubUpstream, type StubUpstream } from '../helpers/stub-upstream.ts';

let upstream: StubUpstream;
let proxy: RunningProxy;

async function postSession(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${proxy.url}/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json();
  return { status: response.status, headers: response.headers, json };
}

beforeEach(async () => {
  upstream = await startStubUpstream();
  proxy = await startProxy(testConfig(upstream.url));
});

afterEach(async () => {
  vi.useRealTimers();
  await proxy.close();
  await upstream.close();
});

describe('POST /session for anonymous visitors', () => {
  it('gives each visitor a fresh random anon- identity with a token and an expiry', async () => {
    const before = Math.floor(Date.now() / 1000);
    const first = await mintSession(proxy.url);
    const second = await mintSession(proxy.url);
    expect(first.user).toMatch(/^anon-[A-Za-z0-9_-]{22,}$/);
    expect(second.user).not.toBe(first.user);
    expect(first.expires_at).toBeGreaterThanOrEqual(before + 86_400);
    expect(first.expires_at).toBeLessThanOrEqual(before + 86_400 + 5);
    expect(first.token.split('.')).toHaveLength(3);
  });

  it('logs a signed-in visitor under a keyed pseudonym that guessing their id cannot reverse', async () => {
    const session = await mintSession(proxy.url, { identity: await signIdentity(testIdentitySecret, { sub: '42' }) });
    const pseudonyms: unknown[] = [];
    for (let call = 0; call < 2; call += 1) {
      const response = await fetch(`${proxy.url}/v1/parameters`, { headers: bearer(session.token) });
      expect(response.status).toBe(200);
      const requestId = response.headers.get('x-request-id');
      const line = await proxy.logs.waitFor((entry) => entry['msg'] === 'request' && entry['requestId'] === requestId);
      pseudonyms.push(line['visitor']);
    }
    expect(pseudonyms[0]).toMatch(/^[0-9a-f]{12}$/);
    expect(pseudonyms[1]).toBe(pseudonyms[0]);
    expect(pseudonyms[0]).not.toBe(createHash('sha256').update('user-42').digest('hex').slice(0, 12));
    expect(proxy.logs.lines().join('\n')).not.toContain('user-42');
  });

  it('tells every cache not to store the token', async () => {
    const response = await postSession({});
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('accepts a request without a body', async () => {
    const response = await fetch(`${proxy.url}/session`, { method: 'POST' });
    expect(response.status).toBe(200);
  });

  it('answers a disallowed origin with 403 and an allowed one with its exact origin', async () => {
    const refused = await postSession({}, { Origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ code: 'origin_not_allowed', status: 403 });
    const allowed = await postSession({}, { Origin: testOrigin });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(testOrigin);
  });

  it('refuses other methods with 405 in Dify shape', async () => {
    const response = await fetch(`${proxy.url}/session`);
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ code: 'method_not_allowed', status: 405 });
  });
});

describe('POST /session with a host-signed identity', () => {
  it('maps the JWT subject to user-<sub> and returns its name', async () => {
    const identity = await signIdentity(testIdentitySecret, { sub: '42', name: 'Ada' });
    const session = await mintSession(proxy.url, { identity });
    expect(session.user).toBe('user-42');
    expect(session.name).toBe('Ada');
  });

  it('accepts ordinary subjects: emails, UUIDs and non-ASCII names', async () => {
    for (const sub of ['ada@example.com', '0d4f1c2e-5b6a-4c3d-9e8f-7a6b5c4d3e2f', 'José Núñez', 'auth0|5f7c8ec7c33c6c004bbafe82']) {
      const session = await mintSession(proxy.url, { identity: await signIdentity(testIdentitySecret, { sub }) });
      expect(session.user).toBe(`user-${sub}`);
    }
  });

  const badIdentities: Array<[string, () => Promise<string>]> = [
    ['a bad signature', () => signIdentity('another-secret-that-is-long-enough!!', { sub: '42' })],
    ['a missing exp', () => signIdentity(testIdentitySecret, { sub: '42' }, { expiresIn: null })],
    ['a past exp', () => signIdentity(testIdentitySecret, { sub: '42' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ['a missing sub', () => signIdentity(testIdentitySecret, { name: 'nobody' })],
    ['alg none', () => Promise.resolve(unsignedToken({ sub: '42', exp: Math.floor(Date.now() / 1000) + 600 }))],
    ['HS512 instead of HS256', () => signIdentity(testIdentitySecret, { sub: '42' }, { algorithm: 'HS512' })],
    ['garbage', () => Promise.resolve('not.a.jwt')],
    ['a line break in sub', () => signIdentity(testIdentitySecret, { sub: 'ada\r\nadmin' })],
    ['a bidi override in sub', () => signIdentity(testIdentitySecret, { sub: 'ada\u202enimda' })],
    ['a zero-width space in sub', () => signIdentity(testIdentitySecret, { sub: 'ada\u200b' })],
    ['a sub longer than 128 characters', () => signIdentity(testIdentitySecret, { sub: 'x'.repeat(129) })],
  ];
  for (const [problem, makeToken] of badIdentities) {
    it(`refuses an identity with ${problem} with a 401 that says why`, async () => {
      const response = await postSession({ identity: await makeToken() });
      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ code: 'invalid_identity', status: 401 });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });
  }

  it('refuses an identity when IDENTITY_SECRET is unset', async () => {
    await proxy.close();
    proxy = await startProxy(testConfig(upstream.url, { identitySecret: undefined }));
    const response = await postSession({ identity: await signIdentity(testIdentitySecret, { sub: '42' }) });
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ code: 'identity_not_enabled', status: 401 });
    expect(JSON.stringify(response.json)).toContain('IDENTITY_SECRET');
  });
});

describe('session tokens on /v1', () => {
  async function callParameters(headers: Record<string, string>) {
    const response = await fetch(`${proxy.url}/v1/parameters`, { headers });
    return { status: response.status, json: await response.json() };
  }

  it('lets a fresh session through', async () => {
    const session = await mintSession(proxy.url);
    expect((await callParameters(bearer(session.token))).status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
  });

  it('answers a missing, forged or foreign-signed token with 401 and sends nothing upstream', async () => {
    const session = await mintSession(proxy.url);
    const [header, payload] = session.token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 'anon-victim', exp: 9_999_999_999 })).toString('base64url');
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'dify-widget-session+jwt' })
      .setSubject('anon-victim')
      .setIssuer('dify-widget')
      .setAudience('dify-widget:session')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-session-secret-but-long-enough'));
    const identityAsSession = await signIdentity(testIdentitySecret, { sub: '42' });
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Basic abc' },
      bearer(`${header}.${forgedPayload}.${session.token.split('.')[2]}`),
      bearer(`${header}.${payload}.AAAA`),
      bearer(foreign),
      bearer(identityAsSession),
      bearer(unsignedToken({ sub: 'anon-victim', iss: 'dify-widget', aud: 'dify-widget:session', exp: 9_999_999_999 })),
    ];
    for (const headers of attempts) {
      const result = await callParameters(headers);
      expect(result.status).toBe(401);
      expect(result.json).toMatchObject({ status: 401 });
      expect(typeof result.json.code).toBe('string');
      expect(typeof result.json.message).toBe('string');
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers an expired token with 401 session_expired, then renews it for the same visitor', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const session = await mintSession(proxy.url);
    vi.setSystemTime(Date.now() + 25 * 3600 * 1000);
    const expired = await callParameters(bearer(session.token));
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({ code: 'session_expired', status: 401 });
    const renewed = await mintSession(proxy.url, {}, bearer(session.token));
    expect(renewed.user).toBe(session.user);
    expect(renewed.token).not.toBe(session.token);
    expect((await callParameters(bearer(renewed.token))).status).toBe(200);
  });

  it('keeps identity inputs and name across a renewal', async () => {
    const identity = await signIdentity(testIdentitySecret, { sub: '7', name: 'Grace', inputs: { plan: 'pro' } });
    const session = await mintSession(proxy.url, { identity });
    const renewed = await mintSession(proxy.url, {}, bearer(session.token));
    expect(renewed).toMatchObject({ user: 'user-7', name: 'Grace' });
  });

  it('keeps renewing an anonymous session as long as each renewal comes within the window', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    let session = await mintSession(proxy.url);
    const user = session.user;
    for (const days of [20, 40, 60]) {
      vi.setSystemTime(start + days * 86_400 * 1000);
      session = await mintSession(proxy.url, {}, bearer(session.token));
      expect(session.user).toBe(user);
    }
    expect((await callParameters(bearer(session.token))).status).toBe(200);
  });

  it('makes a signed-in visitor vouch again once the identity is older than the renewal window', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const signedIn = await mintSession(proxy.url, { identity: await signIdentity(testIdentitySecret, { sub: '7' }) });
    vi.setSystemTime(start + 20 * 86_400 * 1000);
    const renewed = await mintSession(proxy.url, {}, bearer(signedIn.token));
    expect(renewed.user).toBe('user-7');
    vi.setSystemTime(start + 40 * 86_400 * 1000);
    const refused = await postSession({}, bearer(renewed.token));
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ code: 'session_expired', status: 401, message: expect.stringContaining('identity') });
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const vouchedAgain = await mintSession(proxy.url, { identity: await signIdentity(testIdentitySecret, { sub: '7' }) });
    expect(vouchedAgain.user).toBe('user-7');
  });

  it('revokes signed-in sessions when IDENTITY_SECRET changes or is unset, and keeps anonymous ones', async () => {
    const signedIn = await mintSession(proxy.url, { identity: await signIdentity(testIdentitySecret, { sub: '7' }) });
    const anonymous = await mintSession(proxy.url);
    for (const identitySecret of [`${testIdentitySecret}-rotated`, undefined]) {
      await proxy.close();
      proxy = await startProxy(testConfig(upstream.url, { identitySecret }));
      const used = await callParameters(bearer(signedIn.token));
      expect(used.status).toBe(401);
      expect(used.json).toMatchObject({ code: 'invalid_session', status: 401 });
      expect((await postSession({}, bearer(signedIn.token))).status).toBe(401);
      expect((await callParameters(bearer(anonymous.token))).status).toBe(200);
    }
  });

  it('refuses to renew a token that expired more than 30 days ago, or a forged one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const session = await mintSession(proxy.url);
    vi.setSystemTime(Date.now() + 32 * 86_400 * 1000);
    const late = await postSession({}, bearer(session.token));
    expect(late.status).toBe(401);
    expect(late.json).toMatchObject({ code: 'session_expired' });
    vi.useRealTimers();
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(session.user)
      .sign(new TextEncoder().encode(`${testSessionSecret}-wrong`));
    expect((await postSession({}, bearer(forged))).status).toBe(401);
  });
});

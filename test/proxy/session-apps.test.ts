import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getJson } from '../helpers/api.ts';
import { testIdentitySecret, testOrigin, testSessionSecret } from '../helpers/proxy.ts';
import { bearer, mintSession, mintSessionFor, signIdentity } from '../helpers/session.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await stack?.close();
  stack = undefined;
});

const twoApps = [
  { id: 'chat', mode: 'chat', default: true },
  { id: 'writer', mode: 'completion' },
] as const;

async function postSession(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as unknown };
}

/** A session token exactly as the proxy minted them before sessions named their app (jose, no `app` claim). */
async function tokenOfTheOldFormat(user: string, expiresInSeconds: number): Promise<string> {
  return new SignJWT({ auth_time: Math.floor(Date.now() / 1000) })
    .setProtectedHeader({ alg: 'HS256', typ: 'dify-widget-session+jwt' })
    .setSubject(user)
    .setIssuer('dify-widget')
    .setAudience('dify-widget:session')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
    .sign(new TextEncoder().encode(testSessionSecret));
}

describe('a session belongs to the app it was minted for', () => {
  it("refuses app A's token on app B with 401 session_app_mismatch, and nothing goes upstream", async () => {
    stack = await startStack({ apps: twoApps });
    const onChat = await mintSessionFor(stack.urls.proxy, 'chat');
    const onWriter = await mintSessionFor(stack.urls.proxy, 'writer');
    for (const [path, token] of [
      ['/apps/writer/v1/parameters', onChat.token],
      ['/apps/chat/v1/parameters', onWriter.token],
      ['/v1/parameters', onWriter.token],
    ] as const) {
      const refused = await getJson(stack.urls.proxy, path, token);
      expect(refused.status, path).toBe(401);
      expect(refused.json, path).toMatchObject({
        code: 'session_app_mismatch',
        status: 401,
        message: expect.stringContaining('POST /session'),
      });
    }
    expect(stack.simulator.requests).toHaveLength(0);
    expect((await getJson(stack.urls.proxy, '/apps/writer/v1/parameters', onWriter.token)).status).toBe(200);
    expect((await getJson(stack.urls.proxy, '/apps/chat/v1/parameters', onChat.token)).status).toBe(200);
  });

  it('mints for the default app when none is named (and /v1 is that app), and refuses an unknown app', async () => {
    stack = await startStack({ apps: twoApps });
    const unnamed = await mintSession(stack.urls.proxy);
    expect((await getJson(stack.urls.proxy, '/v1/parameters', unnamed.token)).status).toBe(200);
    expect((await getJson(stack.urls.proxy, '/apps/chat/v1/parameters', unnamed.token)).status).toBe(200);
    expect((await getJson(stack.urls.proxy, '/apps/writer/v1/parameters', unnamed.token)).status).toBe(401);
    expect(await postSession(stack.urls.proxy, { app: 'nope' })).toMatchObject({ status: 404, json: { code: 'app_not_found' } });
    expect(await postSession(stack.urls.proxy, { app: 7 })).toMatchObject({ status: 400, json: { code: 'invalid_param' } });
  });

  it('asks for the app when several are configured and none is the default', async () => {
    stack = await startStack({ apps: twoApps.map(({ id, mode }) => ({ id, mode })) });
    expect(await postSession(stack.urls.proxy, {})).toMatchObject({ status: 400, json: { code: 'app_required', status: 400 } });
    const onWriter = await mintSessionFor(stack.urls.proxy, 'writer');
    expect((await getJson(stack.urls.proxy, '/apps/writer/v1/parameters', onWriter.token)).status).toBe(200);
  });

  it('keeps the app on renewal and refuses to renew a token into another app', async () => {
    stack = await startStack({ apps: twoApps });
    const onWriter = await mintSessionFor(stack.urls.proxy, 'writer');
    const renewed = await mintSessionFor(stack.urls.proxy, 'writer', {}, bearer(onWriter.token));
    expect(renewed.user).toBe(onWriter.user);
    expect((await getJson(stack.urls.proxy, '/apps/writer/v1/parameters', renewed.token)).status).toBe(200);
    expect((await getJson(stack.urls.proxy, '/apps/chat/v1/parameters', renewed.token)).status).toBe(401);
    const intoChat = await postSession(stack.urls.proxy, { app: 'chat' }, bearer(onWriter.token));
    expect(intoChat).toMatchObject({ status: 401, json: { code: 'session_app_mismatch' } });
  });

  it('gives a signed-in visitor the same user on every app, each with its own token', async () => {
    stack = await startStack({ apps: twoApps });
    const identity = await signIdentity(testIdentitySecret, { sub: 'ada' });
    const onChat = await mintSessionFor(stack.urls.proxy, 'chat', { identity });
    const onWriter = await mintSessionFor(stack.urls.proxy, 'writer', { identity });
    expect([onChat.user, onWriter.user]).toEqual(['user-ada', 'user-ada']);
    expect((await getJson(stack.urls.proxy, '/apps/writer/v1/parameters', onChat.token)).status).toBe(401);
    expect((await getJson(stack.urls.proxy, '/apps/writer/v1/parameters', onWriter.token)).status).toBe(200);
  });
});

describe('minting from a browser page', () => {
  it('starts a session only for an app whose origins include the page', async () => {
    stack = await startStack({
      apps: [
        { id: 'chat', mode: 'chat', default: true },
        { id: 'writer', mode: 'completion', proxy: { allowedOrigins: ['http://writer.test'] } },
      ],
    });
    const page = (origin: string) => ({ Origin: origin });
    expect(await postSession(stack.urls.proxy, { app: 'writer' }, page('http://writer.test'))).toMatchObject({ status: 200 });
    expect(await postSession(stack.urls.proxy, { app: 'chat' }, page(testOrigin))).toMatchObject({ status: 200 });
    const refused = await postSession(stack.urls.proxy, { app: 'writer' }, page(testOrigin));
    expect(refused).toMatchObject({ status: 403, json: { code: 'origin_not_allowed', message: expect.stringContaining("app 'writer'") } });
    expect(await postSession(stack.urls.proxy, { app: 'chat' }, page('http://writer.test'))).toMatchObject({ status: 403 });
  });
});

describe('tokens minted before sessions named their app', () => {
  it('keep working on every app until they expire, then renew into a token bound to one app', async () => {
    stack = await startStack({ apps: twoApps });
    const old = await tokenOfTheOldFormat('anon-from-before', 3600);
    for (const path of ['/v1/parameters', '/apps/writer/v1/parameters'])
      expect((await getJson(stack.urls.proxy, path, old)).status, path).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
    expect((await getJson(stack.urls.proxy, '/v1/parameters', old)).json).toMatchObject({ code: 'session_expired', status: 401 });
    const renewed = await mintSessionFor(stack.urls.proxy, 'writer', {}, bearer(old));
    expect(renewed.user).toBe('anon-from-before');
    expect((await getJson(stack.urls.proxy, '/apps/writer/v1/parameters', renewed.token)).status).toBe(200);
    expect((await getJson(stack.urls.proxy, '/v1/parameters', renewed.token)).status).toBe(401);
  });

  it('still refuses an old-format token with a wrong key, alg none, another header or an edited payload', async () => {
    stack = await startStack({ apps: twoApps });
    const old = await tokenOfTheOldFormat('anon-from-before', 3600);
    const [header, payload, signature] = old.split('.');
    const wrongKey = await new SignJWT({ auth_time: 1 })
      .setProtectedHeader({ alg: 'HS256', typ: 'dify-widget-session+jwt' })
      .setSubject('anon-victim')
      .setIssuer('dify-widget')
      .setAudience('dify-widget:session')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(`${testSessionSecret}-wrong`));
    const otherHeader = Buffer.from(JSON.stringify({ typ: 'dify-widget-session+jwt', alg: 'HS256' })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'dify-widget-session+jwt' })).toString('base64url');
    const edited = Buffer.from(
      JSON.stringify({ sub: 'anon-victim', auth_time: 1, iss: 'dify-widget', aud: 'dify-widget:session', exp: 9e9 }),
    ).toString('base64url');
    // The same signature bytes spelled differently (a trailing character the decoder would ignore).
    for (const token of [
      wrongKey,
      `${otherHeader}.${payload}.${signature}`,
      `${none}.${payload}.`,
      `${header}.${edited}.${signature}`,
      `${old}A`,
      `${old}.x`,
    ]) {
      const refused = await getJson(stack.urls.proxy, '/v1/parameters', token);
      expect(refused.status, token).toBe(401);
      expect(refused.json).toMatchObject({ code: 'invalid_session' });
    }
    expect(stack.simulator.requests).toHaveLength(0);
  });
});

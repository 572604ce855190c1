import { describe, expect, it } from 'vitest';
import { call, keys, request, useSimulator } from './support.ts';

describe('authentication', () => {
  const simulator = useSimulator();

  it('answers the welcome document on /v1/ without a key', async () => {
    const { status, body } = await call(simulator(), undefined, 'GET', '/');
    expect(status).toBe(200);
    expect(body).toEqual({ welcome: 'Dify OpenAPI', api_version: 'v1', server_version: expect.any(String) });
  });

  it('rejects a request without an Authorization header with Dify 401 body and WWW-Authenticate', async () => {
    const { status, body, response } = await call(simulator(), undefined, 'GET', '/parameters');
    expect(status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(body).toEqual({
      code: 'unauthorized',
      message: "Authorization header must be provided and start with 'Bearer'",
      status: 401,
    });
  });

  it('rejects a header without a space as missing', async () => {
    const { status, body } = await call(simulator(), undefined, 'GET', '/parameters', { headers: { Authorization: keys.chat } });
    expect(status).toBe(401);
    expect(body).toMatchObject({ message: "Authorization header must be provided and start with 'Bearer'" });
  });

  it('rejects a scheme other than Bearer', async () => {
    const { status, body, response } = await call(simulator(), undefined, 'GET', '/parameters', {
      headers: { Authorization: `Basic ${keys.chat}` },
    });
    expect(status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(body).toEqual({ code: 'unauthorized', message: "Authorization scheme must be 'Bearer'", status: 401 });
  });

  it('accepts the scheme in any case', async () => {
    const { status } = await call(simulator(), undefined, 'GET', '/parameters', { headers: { Authorization: `bEaReR ${keys.chat}` } });
    expect(status).toBe(200);
  });

  it('rejects an unknown key as an invalid access token', async () => {
    const { status, body } = await call(simulator(), 'app-unknown', 'GET', '/parameters');
    expect(status).toBe(401);
    expect(body).toEqual({ code: 'unauthorized', message: 'Access token is invalid', status: 401 });
  });

  it('checks the key before the user argument and the body', async () => {
    const { status } = await call(simulator(), 'app-unknown', 'POST', '/chat-messages', { json: { query: '' } });
    expect(status).toBe(401);
  });

  it('answers unknown paths with a JSON not_found, before checking the key', async () => {
    const { status, body } = await call(simulator(), undefined, 'GET', '/no-such-endpoint');
    expect(status).toBe(404);
    expect(body).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('answers a known path with the wrong method with 405', async () => {
    const { status, body } = await call(simulator(), keys.chat, 'GET', '/chat-messages');
    expect(status).toBe(405);
    expect(body).toMatchObject({ code: 'method_not_allowed', status: 405 });
  });

  it('records the request with the matched app key and the user', async () => {
    await call(simulator(), keys.chat, 'GET', '/messages', { query: { user: 'bob', conversation_id: '' } });
    const recorded = simulator().requests.at(-1);
    expect(recorded).toMatchObject({ method: 'GET', path: '/v1/messages', appKey: keys.chat, user: 'bob', query: { user: 'bob' } });
  });

  it('emits each request as an event and records unknown keys without an app key', async () => {
    const seen: unknown[] = [];
    simulator().events.on('request', (record) => seen.push(record));
    await request(simulator(), 'app-unknown', 'GET', '/site');
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toHaveProperty('appKey');
  });
});

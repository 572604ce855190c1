import { afterEach, describe, expect, it } from 'vitest';
import { nestingDepth } from '../../proxy/http/json-body.ts';
import { postJson } from '../helpers/api.ts';
import { testIdentitySecret } from '../helpers/proxy.ts';
import { mintSession, signIdentity } from '../helpers/session.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const bytes = (text: string) => new TextEncoder().encode(text);

describe('how deep a JSON body nests, read from its bytes', () => {
  it('counts objects and arrays, not brackets inside strings or escaped quotes', () => {
    expect(nestingDepth(bytes('{"a":[{"b":1}],"c":{}}'))).toBe(3);
    expect(nestingDepth(bytes('{"text":"[[[[{{{{ \\" [[[["}'))).toBe(1);
    expect(nestingDepth(bytes('[]'))).toBe(1);
  });
});

describe('a body nested thousands of levels deep', () => {
  it("is a 400 in Dify's shape, reaches nobody upstream and leaves no error in the log", async () => {
    stack = await startStack();
    const session = await mintSession(stack.urls.proxy);
    const nested = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
    // 5,000 levels overflowed the stack when the proxy sent the body on (a 500); /session takes at most 16 KB.
    for (const [path, deep] of [
      ['/v1/chat-messages', nested(5000)],
      ['/session', nested(2000)],
    ] as const) {
      const response = await fetch(`${stack.urls.proxy}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
        body: `{"query":"hi","inputs":{"x":${deep}}}`,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ code: 'invalid_param', message: expect.stringContaining('32 levels'), status: 400 });
    }
    expect(stack.simulator.requests.filter((request) => request.path === '/v1/chat-messages')).toHaveLength(0);
    expect(stack.logs.entries().filter((entry) => entry['level'] === 50)).toEqual([]);
  });
});

describe('inputs a visitor sends', () => {
  const sentInputs = (running: Stack) =>
    running.simulator.requests
      .filter((request) => request.path === '/v1/chat-messages')
      .map((request) => Reflect.get(Object(request.body), 'inputs'));

  it("reach Dify only when the app's form declares them", async () => {
    stack = await startStack();
    const session = await mintSession(stack.urls.proxy);
    const response = await postJson(stack.urls.proxy, '/v1/chat-messages', session.token, {
      query: 'echo: hi',
      inputs: { name: 'Ada', plan: 'pro', ['x'.repeat(60)]: 'y'.repeat(3000) },
      response_mode: 'blocking',
    });
    expect(response.status).toBe(200);
    expect(sentInputs(stack)).toEqual([{ name: 'Ada' }]);
  });

  it('never set an input that only a verified identity may set, which the identity still can', async () => {
    stack = await startStack({ apps: [{ id: 'chat', mode: 'chat', proxy: { identityInputs: ['name'] } }] });
    const anonymous = await mintSession(stack.urls.proxy);
    const identified = await mintSession(stack.urls.proxy, {
      identity: await signIdentity(testIdentitySecret, { sub: '7', inputs: { name: 'Vouched' } }),
    });
    for (const session of [anonymous, identified]) {
      const response = await postJson(stack.urls.proxy, '/v1/chat-messages', session.token, {
        query: 'echo: hi',
        inputs: { name: 'Forged' },
        response_mode: 'blocking',
      });
      expect(response.status).toBe(200);
    }
    expect(sentInputs(stack)).toEqual([{}, { name: 'Vouched' }]);
  });

  it('cannot make Dify fetch a URL through a file input while remote files are off', async () => {
    stack = await startStack();
    const session = await mintSession(stack.urls.proxy);
    for (const value of [
      { type: 'image', transfer_method: 'remote_url', url: 'http://169.254.169.254/latest/meta-data' },
      [{ type: 'image', transfer_method: 'remote_url', url: 'http://169.254.169.254/latest/meta-data' }],
    ]) {
      const response = await postJson(stack.urls.proxy, '/v1/chat-messages', session.token, { query: 'echo: hi', inputs: { name: value } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'invalid_param', message: expect.stringContaining('inputs.name: remote_url') });
    }
    expect(sentInputs(stack)).toEqual([]);
  });
});

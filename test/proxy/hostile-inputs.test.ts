import { afterEach, describe, expect, it } from 'vitest';
import { nestingDepth } from '../../proxy/http/json-body.ts';
import { mintSession } from '../helpers/session.ts';
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

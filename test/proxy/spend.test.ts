import { afterEach, describe, expect, it } from 'vitest';
import type { StopRecord, TaskStartRecord } from '../../demo/simulator/index.ts';
import { field, postJson } from '../helpers/api.ts';
import { mintSession, mintSessionFor } from '../helpers/session.ts';
import { waitForEvent } from '../helpers/sse.ts';
import { startStack, type Stack, type StackApp } from '../helpers/stack.ts';

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** Resolves once `condition` holds, checking whenever the simulator reports a stream ending (and every 50 ms). */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function chat(running: Stack, token: string, query: string, responseMode: 'blocking' | 'streaming', signal?: AbortSignal) {
  return postJson(running.urls.proxy, '/v1/chat-messages', token, { query, inputs: {}, response_mode: responseMode }, {}, signal);
}

describe('a visitor who leaves is always stopped', () => {
  it('caps what Dify generates, not what the proxy relays: abandoned blocking calls never run more than the cap at once', async () => {
    stack = await startStack({ limits: { streamsPerVisitor: 2, streamsPerIp: 100 }, simulator: { pingIntervalMs: 200 } });
    const running = stack;
    const session = await mintSession(running.urls.proxy);
    let most = 0;
    const started: string[] = [];
    running.simulator.events.on('task-start', (record: TaskStartRecord) => {
      started.push(record.taskId);
      most = Math.max(most, running.simulator.generating());
    });
    const stops: StopRecord[] = [];
    running.simulator.events.on('stop', (record: StopRecord) => stops.push(record));
    let refused = 0;
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const controller = new AbortController();
      const taskStarted = waitForEvent<TaskStartRecord>(running.simulator.events, 'task-start', () => true).then(() => 'started' as const);
      const answered = chat(running, session.token, 'scenario: slow', 'blocking', controller.signal).then(
        (response) => response.status,
        () => 'aborted' as const,
      );
      const first = await Promise.race([taskStarted, answered]);
      if (first === 429) refused += 1;
      controller.abort();
      await answered;
    }
    await until(() => running.simulator.generating() === 0, 'every generation to end');
    expect(most).toBeLessThanOrEqual(2);
    expect(refused).toBeGreaterThan(0);
    expect(started.length).toBeGreaterThan(0);
    // Every abandoned generation was stopped for its owner; none ran to its end for nobody.
    expect(
      stops
        .filter((stop) => stop.honoured && stop.user === session.user)
        .map((stop) => stop.taskId)
        .sort(),
    ).toEqual([...started].sort());
  });

  it('stops a streaming generation whose first event comes long after the visitor left', async () => {
    // The simulator's slow answer waits 1.5 ping intervals (6 s here) before its first frame.
    stack = await startStack({ simulator: { pingIntervalMs: 4000 } });
    const running = stack;
    const session = await mintSession(running.urls.proxy);
    const controller = new AbortController();
    const stopped = waitForEvent<StopRecord>(running.simulator.events, 'stop', () => true, 15_000);
    const response = await chat(running, session.token, 'scenario: slow', 'streaming', controller.signal);
    expect(response.status).toBe(200);
    controller.abort();
    const stop = await stopped;
    expect(stop).toMatchObject({ user: session.user, honoured: true });
    await until(() => running.simulator.generating() === 0, 'the generation to end');
  }, 20_000);
});

describe('a blocking call answered from the stream', () => {
  const apps: StackApp[] = [
    { id: 'chat', mode: 'chat', default: true },
    { id: 'chatflow', mode: 'advanced-chat' },
    { id: 'completion', mode: 'completion' },
    { id: 'workflow', mode: 'workflow' },
  ];
  const calls: Record<string, { path: string; body: Record<string, unknown> }> = {
    chat: { path: 'chat-messages', body: { query: 'echo: same answer', inputs: {} } },
    chatflow: { path: 'chat-messages', body: { query: 'echo: same answer', inputs: {} } },
    completion: { path: 'completion-messages', body: { inputs: { topic: 'echo: same answer', tone: 'casual' } } },
    workflow: { path: 'workflows/run', body: { inputs: { query: 'echo: same answer' } } },
  };

  /** The keys of a JSON object, and of its nested objects, as sorted dotted paths. */
  function shape(value: unknown, prefix = ''): string[] {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    return Object.entries(value)
      .flatMap(([key, inner]) => [`${prefix}${key}`, ...shape(inner, `${prefix}${key}.`)])
      .sort();
  }

  it.each(['chat', 'chatflow', 'completion', 'workflow'])(
    "has the keys and answer of Dify's own blocking answer on a %s app",
    async (id) => {
      stack = await startStack({ apps });
      const session = await mintSessionFor(stack.urls.proxy, id);
      const call = calls[id];
      if (call === undefined) throw new Error(`no call for ${id}`);
      const body = { ...call.body, response_mode: 'blocking' };
      const direct = await fetch(`${stack.urls.simulator}/${call.path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.keys[id] ?? ''}` },
        body: JSON.stringify({ ...body, user: 'someone-else' }),
      });
      const proxied = await postJson(stack.urls.proxy, `/apps/${id}/v1/${call.path}`, session.token, body);
      expect(proxied.status).toBe(direct.status);
      const [expected, actual]: unknown[] = [await direct.json(), await proxied.json()];
      expect(shape(actual)).toEqual(shape(expected));
      if (id === 'workflow') expect(JSON.stringify(actual)).toContain('same answer');
      else expect(field(actual, 'answer')).toBe(field(expected, 'answer'));
      // Dify was asked for a stream, whatever the visitor asked for.
      const upstream = stack.simulator.requests.filter((request) => request.path === `/v1/${call.path}` && request.user === session.user);
      const modes = upstream.map(({ body: sent }) =>
        typeof sent === 'object' && sent !== null && 'response_mode' in sent ? sent.response_mode : undefined,
      );
      expect(modes).toEqual(['streaming']);
    },
  );

  it("turns an error event into the HTTP error Dify's blocking mode gives", async () => {
    stack = await startStack();
    const session = await mintSession(stack.urls.proxy);
    const direct = await fetch(`${stack.urls.simulator}/chat-messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.keys['chat'] ?? ''}` },
      body: JSON.stringify({ query: 'scenario: error-midstream', inputs: {}, response_mode: 'blocking', user: 'someone-else' }),
    });
    const proxied = await chat(stack, session.token, 'scenario: error-midstream', 'blocking');
    expect(proxied.status).toBe(direct.status);
    expect(await proxied.json()).toMatchObject({ code: field(await direct.json(), 'code') });
  });
});

describe('side endpoints that make Dify spend', () => {
  it('count against a small per-visitor limit of their own, and never read aloud a text the visitor made up', async () => {
    stack = await startStack({ apps: [{ id: 'chat', mode: 'chat', audio: true, followUps: true }], limits: { paidCallsPerVisitor: 3 } });
    const session = await mintSession(stack.urls.proxy);
    const answer = await postJson(stack.urls.proxy, '/v1/chat-messages', session.token, {
      query: 'echo: hello',
      inputs: {},
      response_mode: 'blocking',
    });
    const messageId = field(await answer.json(), 'message_id');

    // Text of the visitor's choosing: refused before anything goes upstream (30 × 4,000 characters were read aloud).
    const madeUp = await postJson(stack.urls.proxy, '/v1/text-to-audio', session.token, { text: 'x'.repeat(4000) });
    expect(madeUp.status).toBe(400);
    expect(await madeUp.json()).toMatchObject({ code: 'invalid_param', message: expect.stringContaining('message_id') });

    const statuses: number[] = [];
    for (const call of ['suggested', 'speech', 'suggested', 'speech']) {
      const response =
        call === 'suggested'
          ? await fetch(`${stack.urls.proxy}/v1/messages/${messageId}/suggested`, { headers: { Authorization: `Bearer ${session.token}` } })
          : await postJson(stack.urls.proxy, '/v1/text-to-audio', session.token, { message_id: messageId });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    // The refused made-up text counted too: three paid calls, then the limit.
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(stack.simulator.requests.filter((request) => request.path === '/v1/text-to-audio')).toHaveLength(1);
    // Ordinary requests are not limited by it.
    expect((await fetch(`${stack.urls.proxy}/v1/parameters`, { headers: { Authorization: `Bearer ${session.token}` } })).status).toBe(200);
  });
});

describe('the app’s concurrent answers over every visitor', () => {
  it('are capped, so many sessions from many addresses together cannot exceed the app’s load on Dify', async () => {
    stack = await startStack({ limits: { streamsPerApp: 2, streamsPerVisitor: 5, streamsPerIp: 50 }, simulator: { pingIntervalMs: 400 } });
    const visitors = await Promise.all([1, 2, 3].map(() => mintSession(stack?.urls.proxy ?? '')));
    const held = await Promise.all(
      visitors.slice(0, 2).map((visitor) =>
        postJson(stack?.urls.proxy ?? '', '/v1/chat-messages', visitor.token, {
          query: 'scenario: hold',
          inputs: {},
          response_mode: 'streaming',
        }),
      ),
    );
    expect(held.map((response) => response.status)).toEqual([200, 200]);
    const third = visitors[2];
    const refused = await postJson(stack.urls.proxy, '/v1/chat-messages', third?.token ?? '', {
      query: 'echo: hi',
      inputs: {},
      response_mode: 'streaming',
    });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'too_many_concurrent_streams', message: expect.stringContaining('everybody') });
    for (const response of held) await response.body?.cancel();
    await expect
      .poll(async () => {
        const answer = await postJson(stack?.urls.proxy ?? '', '/v1/chat-messages', third?.token ?? '', {
          query: 'echo: hi',
          inputs: {},
          response_mode: 'streaming',
        });
        await answer.body?.cancel();
        return answer.status;
      })
      .toBe(200);
  });
});

/**
 * Dify's per-app concurrency cap (dify-api.md §1.3, §1.5): at or over `max_active_requests` a generate call
 * fails before anything runs with 400 invalid_param "Too many requests. …"; a streaming chatflow or
 * workflow takes the slot twice while queued and frees both once queued.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Simulator, StreamEndRecord, TaskStartRecord } from '../../demo/simulator/index.ts';
import { call, chatBody, keys, request, useSimulator } from './support.ts';

const tooMany = (cap: number): unknown => ({
  code: 'invalid_param',
  message: expect.stringMatching(
    new RegExp(
      `^Too many requests\\. Please try again later\\. The current maximum concurrent requests allowed for [0-9a-f-]{36} is ${cap}\\.$`,
    ),
  ),
  status: 400,
});

/** Opens a stream that never ends on its own (`scenario: stall`), holding its slot until it is aborted. */
async function stalled(simulator: Simulator, key: string): Promise<AbortController> {
  const abort = new AbortController();
  const response = await request(simulator, key, 'POST', '/chat-messages', { json: chatBody('scenario: stall'), signal: abort.signal });
  expect(response.status).toBe(200);
  return abort;
}

function blocking(simulator: Simulator, key: string, query: string) {
  return call(simulator, key, 'POST', '/chat-messages', { json: chatBody(query, { response_mode: 'blocking' }) });
}

describe('a simulator-wide cap of 2 per app', () => {
  const simulator = useSimulator({ maxActiveRequests: 2, pingIntervalMs: 200, workerIdleCloseMs: 100 });

  it('refuses a third concurrent call with 400, streaming or not, and frees a slot when a client leaves', async () => {
    const first = await stalled(simulator(), keys.chat);
    await stalled(simulator(), keys.chat);
    expect((await blocking(simulator(), keys.chat, 'hi')).body).toEqual(tooMany(2));
    const refused = await call(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('hi') });
    expect([refused.status, refused.body]).toEqual([400, tooMany(2)]);
    // The cap is per app: another app of the same workspace still answers.
    const completion = await call(simulator(), keys.completion, 'POST', '/completion-messages', {
      json: { inputs: { topic: 'tea', tone: 'casual' }, user: 'alice', response_mode: 'blocking' },
    });
    expect(completion.status).toBe(200);
    const ended = once(simulator().events, 'stream-end') as Promise<[StreamEndRecord]>;
    first.abort();
    await ended;
    expect((await blocking(simulator(), keys.chat, 'hi')).status).toBe(200);
  });

  it('lets a streaming chatflow in only while fewer than cap − 1 calls are active', async () => {
    const started = once(simulator().events, 'task-start') as Promise<[TaskStartRecord]>;
    const slow = blocking(simulator(), keys.chatflow, 'scenario: slow');
    await started;
    const refused = await call(simulator(), keys.chatflow, 'POST', '/chat-messages', { json: chatBody('hi') });
    expect([refused.status, refused.body]).toEqual([400, tooMany(2)]);
    expect((await slow).status).toBe(200);
  });

  it('does not count a streaming chatflow once it is queued', async () => {
    const streaming = await request(simulator(), keys.chatflow, 'POST', '/chat-messages', { json: chatBody('scenario: stall') });
    expect(streaming.status).toBe(200);
    const startedTwice = new Promise<void>((resolve) => {
      let count = 0;
      simulator().events.on('task-start', (record: TaskStartRecord) => {
        if (!record.streaming && (count += 1) === 2) resolve();
      });
    });
    const both = [blocking(simulator(), keys.chatflow, 'scenario: slow'), blocking(simulator(), keys.chatflow, 'scenario: slow')];
    await startedTwice;
    expect((await blocking(simulator(), keys.chatflow, 'hi')).body).toEqual(tooMany(2));
    expect((await Promise.all(both)).map((answer) => answer.status)).toEqual([200, 200]);
    await streaming.text();
  });
});

describe("an app's own max_active_requests", () => {
  const simulator = useSimulator({ apps: [{ key: keys.chat, mode: 'chat', maxActiveRequests: 1 }] });

  it('applies when it is the smaller cap', async () => {
    await stalled(simulator(), keys.chat);
    expect((await blocking(simulator(), keys.chat, 'hi')).body).toEqual(tooMany(1));
  });
});

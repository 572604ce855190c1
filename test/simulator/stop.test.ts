import { describe, expect, it } from 'vitest';
import type { Simulator, StopRecord } from '../../demo/simulator/index.ts';
import {
  asArray,
  asRecord,
  call,
  chatBody,
  keys,
  nextStreamEnd,
  request,
  sseFrames,
  text,
  useSimulator,
  type SseFrame,
} from './support.ts';

/** Opens a stream and reads until the first answer delta, leaving the rest of the stream unread. */
async function openUntilFirstDelta(simulator: Simulator, key: string, path: string, json: Record<string, unknown>, deltaEvent: string) {
  const response = await request(simulator, key, 'POST', path, { json });
  const frames = sseFrames(response);
  const seen: SseFrame[] = [];
  for (let next = await frames.next(); !next.done; next = await frames.next()) {
    seen.push(next.value);
    if (next.value.data?.['event'] === deltaEvent) break;
  }
  const rest = async (): Promise<SseFrame[]> => {
    for (let next = await frames.next(); !next.done; next = await frames.next()) seen.push(next.value);
    return seen;
  };
  const first = seen.at(-1)?.data ?? {};
  return { taskId: text(first, 'task_id'), first, rest };
}

function nextStop(simulator: Simulator): Promise<StopRecord> {
  return new Promise((resolve) => simulator.events.once('stop', resolve));
}

function answerOf(frames: SseFrame[], event = 'message'): string {
  return frames.flatMap((frame) => (frame.data?.['event'] === event ? [String(frame.data['answer'])] : [])).join('');
}

describe('stop', () => {
  // Slow gaps of 300 ms leave time to stop between deltas.
  const simulator = useSimulator({ pingIntervalMs: 200 });

  it("the owner's stop ends the stream with message_end over the partial answer", async () => {
    const stream = await openUntilFirstDelta(simulator(), keys.chat, '/chat-messages', chatBody('scenario: slow'), 'message');
    const ended = nextStreamEnd(simulator(), stream.taskId);
    const stopped = nextStop(simulator());
    const { status, body } = await call(simulator(), keys.chat, 'POST', `/chat-messages/${stream.taskId}/stop`, {
      json: { user: 'alice' },
    });
    expect(status).toBe(200);
    expect(body).toEqual({ result: 'success' });
    expect(await stopped).toEqual({ taskId: stream.taskId, user: 'alice', honoured: true });
    const frames = await stream.rest();
    const last = frames.filter((frame) => frame.data !== undefined).at(-1)?.data;
    expect(last?.['event']).toBe('message_end');
    const partial = answerOf(frames);
    expect(partial).toBe('This answer ');
    expect((await ended).reason).toBe('stopped');
    const listed = await call(simulator(), keys.chat, 'GET', '/messages', {
      query: { user: 'alice', conversation_id: text(stream.first, 'conversation_id') },
    });
    expect(asRecord(asArray(asRecord(listed.body)['data'])[0])['answer']).toBe(partial);
  });

  it("another user's stop answers success but the stream continues to the end", async () => {
    const stream = await openUntilFirstDelta(simulator(), keys.chat, '/chat-messages', chatBody('scenario: slow'), 'message');
    const stopped = nextStop(simulator());
    const { body } = await call(simulator(), keys.chat, 'POST', `/chat-messages/${stream.taskId}/stop`, { json: { user: 'mallory' } });
    expect(body).toEqual({ result: 'success' });
    expect(await stopped).toEqual({ taskId: stream.taskId, user: 'mallory', honoured: false });
    const frames = await stream.rest();
    expect(answerOf(frames)).toBe('This answer takes its time: long pauses between words.');
  });

  it('a stop through another app key does not reach the task', async () => {
    const stream = await openUntilFirstDelta(simulator(), keys.chat, '/chat-messages', chatBody('scenario: slow'), 'message');
    const stopped = nextStop(simulator());
    await call(simulator(), keys.chatRequired, 'POST', `/chat-messages/${stream.taskId}/stop`, { json: { user: 'alice' } });
    expect((await stopped).honoured).toBe(false);
    expect(answerOf(await stream.rest())).toContain('between words.');
  });

  it('a stop for an unknown task still answers success', async () => {
    const stopped = nextStop(simulator());
    const { status, body } = await call(simulator(), keys.chat, 'POST', '/chat-messages/not-a-task/stop', { json: { user: 'alice' } });
    expect([status, body]).toEqual([200, { result: 'success' }]);
    expect((await stopped).honoured).toBe(false);
  });

  it('a stop without user is rejected', async () => {
    const { status, body } = await call(simulator(), keys.chat, 'POST', '/chat-messages/any/stop', { json: {} });
    expect(status).toBe(400);
    expect(body).toEqual({ code: 'invalid_param', message: 'Arg user must be provided.', status: 400 });
  });

  it('a stopped chatflow ends with workflow_finished "stopped" and closes: the message_end after it is never relayed (§4.5, §5)', async () => {
    const stream = await openUntilFirstDelta(simulator(), keys.chatflow, '/chat-messages', chatBody('scenario: slow'), 'message');
    await call(simulator(), keys.chatflow, 'POST', `/chat-messages/${stream.taskId}/stop`, { json: { user: 'alice' } });
    const events = (await stream.rest()).flatMap((frame) => (frame.data === undefined ? [] : [frame.data]));
    const last = asRecord(events.at(-1));
    expect(last['event']).toBe('workflow_finished');
    expect(asRecord(last['data'])).toMatchObject({ status: 'stopped', error: 'Stopped by user.', outputs: {} });
    expect(events.some((event) => event['event'] === 'message_end')).toBe(false);
  });

  it('completion tasks stop through the completion stop endpoint', async () => {
    const json = { inputs: { topic: 'x', tone: 'formal' }, query: 'scenario: slow', user: 'alice', response_mode: 'streaming' };
    const stream = await openUntilFirstDelta(simulator(), keys.completion, '/completion-messages', json, 'message');
    const stopped = nextStop(simulator());
    await call(simulator(), keys.completion, 'POST', `/completion-messages/${stream.taskId}/stop`, { json: { user: 'alice' } });
    expect((await stopped).honoured).toBe(true);
    const frames = await stream.rest();
    expect(frames.flatMap((frame) => (frame.data === undefined ? [] : [frame.data['event']])).at(-1)).toBe('message_end');
  });

  it('workflow tasks stop for any user of the app (Dify checks no owner there)', async () => {
    const json = { inputs: { query: 'scenario: slow' }, user: 'alice', response_mode: 'streaming' };
    const response = await request(simulator(), keys.workflow, 'POST', '/workflows/run', { json });
    const seen: SseFrame[] = [];
    let stopped: Promise<StopRecord> | undefined;
    for await (const frame of sseFrames(response)) {
      seen.push(frame);
      if (frame.data?.['event'] === 'text_chunk' && stopped === undefined) {
        stopped = nextStop(simulator());
        await call(simulator(), keys.workflow, 'POST', `/workflows/tasks/${text(frame.data, 'task_id')}/stop`, { json: { user: 'bob' } });
      }
    }
    expect((await stopped)?.honoured).toBe(true);
    const last = seen.flatMap((frame) => (frame.data === undefined ? [] : [frame.data])).at(-1);
    expect(last?.['event']).toBe('workflow_finished');
    expect(asRecord(last?.['data'])['status']).toBe('stopped');
  });

  it('a blocking call stopped by its owner returns what was generated so far', async () => {
    const started = new Promise<string>((resolve) =>
      simulator().events.once('task-start', (record: { taskId: string }) => resolve(record.taskId)),
    );
    const pending = call(simulator(), keys.chat, 'POST', '/chat-messages', {
      json: chatBody('scenario: slow', { response_mode: 'blocking' }),
    });
    const taskId = await started;
    await call(simulator(), keys.chat, 'POST', `/chat-messages/${taskId}/stop`, { json: { user: 'alice' } });
    const { status, body } = await pending;
    expect(status).toBe(200);
    // Stopped before the first delta (the slow scenario waits 300 ms first), so nothing was generated.
    expect(asRecord(body)).toMatchObject({ task_id: taskId, answer: '' });
  });
});

describe('client going away', () => {
  const simulator = useSimulator({ pingIntervalMs: 200 });

  it('reports client-closed when the client aborts mid-stream, and keeps the task stoppable by its owner', async () => {
    const abort = new AbortController();
    const response = await request(simulator(), keys.chat, 'POST', '/chat-messages', {
      json: chatBody('scenario: slow'),
      signal: abort.signal,
    });
    let taskId = '';
    for await (const frame of sseFrames(response)) {
      if (frame.data?.['event'] === 'message') {
        taskId = text(frame.data, 'task_id');
        break;
      }
    }
    const ended = nextStreamEnd(simulator(), taskId);
    abort.abort();
    expect(await ended).toEqual({ taskId, reason: 'client-closed' });
    const stopped = nextStop(simulator());
    await call(simulator(), keys.chat, 'POST', `/chat-messages/${taskId}/stop`, { json: { user: 'alice' } });
    expect((await stopped).honoured).toBe(true);
  });
});

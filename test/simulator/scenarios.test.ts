import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { TaskStartRecord } from '../../demo/simulator/index.ts';
import {
  allFrames,
  asArray,
  asRecord,
  blockingChat,
  call,
  chatBody,
  keys,
  nextStreamEnd,
  payloads,
  request,
  sseFrames,
  useSimulator,
  type SseFrame,
} from './support.ts';

function deltas(events: Record<string, unknown>[]): string[] {
  return events.filter((event) => event['event'] === 'message').map((event) => String(event['answer']));
}

describe('scripted scenarios', () => {
  const simulator = useSimulator();

  it('echo streams the text back verbatim, cutting markup and multi-code-point characters across frames', async () => {
    const text = 'Hello, **world**! 👋🏽 Café <b>bold</b> [link](https://example.com) 中文';
    const events = payloads(
      await allFrames(await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody(`echo: ${text}`) })),
    );
    const pieces = deltas(events);
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBeGreaterThan(10);
    const boundaries = pieces.slice(0, -1).map((piece, index) => `${piece.slice(-1)}|${pieces[index + 1]?.slice(0, 1) ?? ''}`);
    const cutsMarkup = boundaries.some((boundary) => /[*<>[\]()]/.test(boundary.replace('|', '')));
    const cutsEmoji = !pieces.some((piece) => piece.includes('👋🏽'));
    expect(cutsMarkup).toBe(true);
    expect(cutsEmoji).toBe(true);
  });

  it('echo keeps multi-byte text intact even though frames are written in pieces cut inside UTF-8 sequences', async () => {
    const response = await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('echo: ééé 日本語 🎉') });
    const bytes = Buffer.from(await response.arrayBuffer());
    const textOfBytes = bytes.toString('utf8');
    expect(textOfBytes).not.toContain('\uFFFD');
    const answer = textOfBytes
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: '))
      .map((frame) => asRecord(JSON.parse(frame.slice(6))))
      .filter((event) => event['event'] === 'message')
      .map((event) => String(event['answer']))
      .join('');
    expect(answer).toBe('ééé 日本語 🎉');
  });

  it('echo in blocking mode returns the text as the answer', async () => {
    const body = await blockingChat(simulator(), keys.chat, 'echo: just this');
    expect(body['answer']).toBe('just this');
  });

  it('markdown streams a long answer with headings, nested lists, a table, fenced code, inline code, links, a blockquote and emphasis', async () => {
    const events = payloads(
      await allFrames(await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('scenario: markdown') })),
    );
    const answer = deltas(events).join('');
    expect(deltas(events).length).toBeGreaterThan(50);
    expect(answer).toMatch(/^# /m);
    expect(answer).toMatch(/^## /m);
    expect(answer).toMatch(/^ {2}- /m);
    expect(answer).toMatch(/^\| .* \|$/m);
    expect(answer).toMatch(/^```ts$/m);
    expect(answer).toMatch(/`[^`\n]+`/);
    expect(answer).toMatch(/\[[^\]]+\]\(https:\/\/[^)]+\)/);
    expect(answer).toMatch(/^> /m);
    expect(answer).toMatch(/\*\*[^*]+\*\*/);
    expect(answer).toMatch(/(^|[^*])\*[^*]+\*([^*]|$)/);
  });

  it('answers anything else with a plausible canned answer that varies with the query', async () => {
    const first = await blockingChat(simulator(), keys.chat, 'How do I deploy?');
    const answers = new Set<string>([String(first['answer'])]);
    for (const query of ['Why is the sky blue?', 'What is a good name for a cat?', 'Explain recursion']) {
      answers.add(String((await blockingChat(simulator(), keys.chat, query))['answer']));
    }
    expect(String(first['answer']).split('. ').length).toBeGreaterThan(2);
    expect(answers.size).toBeGreaterThan(1);
  });

  it('error-midstream sends a few deltas, then a Dify error frame, then ends the stream', async () => {
    const ended = nextStreamEnd(simulator());
    const events = payloads(
      await allFrames(await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('scenario: error-midstream') })),
    );
    expect(deltas(events).length).toBeGreaterThan(0);
    const last = asRecord(events.at(-1));
    expect(Object.keys(last)).toEqual(['event', 'conversation_id', 'message_id', 'created_at', 'code', 'status', 'message']);
    expect(last).toMatchObject({ event: 'error', code: 'completion_request_error', status: 400 });
    expect(events.some((event) => event['event'] === 'message_end')).toBe(false);
    expect((await ended).reason).toBe('error');
    const listed = await call(simulator(), keys.chat, 'GET', '/messages', {
      query: { user: 'alice', conversation_id: String(last['conversation_id']) },
    });
    expect(asRecord(asArray(asRecord(listed.body)['data'])[0])).toMatchObject({ status: 'error', error: last['message'] });
  });

  it('error-midstream in blocking mode is an HTTP error', async () => {
    const { status, body } = await call(simulator(), keys.chat, 'POST', '/chat-messages', {
      json: chatBody('scenario: error-midstream', { response_mode: 'blocking' }),
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'completion_request_error', status: 400 });
  });

  it('drop destroys the socket after a few deltas', async () => {
    const ended = nextStreamEnd(simulator());
    const response = await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('scenario: drop') });
    const frames: SseFrame[] = [];
    await expect(
      (async () => {
        for await (const frame of sseFrames(response)) frames.push(frame);
      })(),
    ).rejects.toThrow();
    expect(deltas(payloads(frames)).length).toBeGreaterThan(0);
    expect(payloads(frames).some((event) => event['event'] === 'message_end')).toBe(false);
    expect((await ended).reason).toBe('dropped');
  });

  it('drop in blocking mode fails the request without a response', async () => {
    await expect(
      call(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('scenario: drop', { response_mode: 'blocking' }) }),
    ).rejects.toThrow();
  });
});

describe('the stall scenario', () => {
  const simulator = useSimulator({ pingIntervalMs: 20 });

  it('sends headers, then nothing at all (not even pings) until the client goes away', async () => {
    const started = once(simulator().events, 'task-start') as Promise<[TaskStartRecord]>;
    const abort = new AbortController();
    const response = await request(simulator(), keys.chat, 'POST', '/chat-messages', {
      json: chatBody('scenario: stall'),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    const [stall] = await started;
    const ended = nextStreamEnd(simulator(), stall.taskId);
    let received = 'nothing';
    const first = response.body
      ?.getReader()
      .read()
      .then((result) => {
        received = result.done ? 'the end' : 'bytes';
      });
    // The window is not a fixed wait: a stream opened after the stall, on the same simulator, gets two pings;
    // by then the stall's own ping timer, had it one, would have fired at least as often.
    const control = await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('scenario: slow') });
    let pings = 0;
    for await (const frame of sseFrames(control)) if (frame.event === 'ping' && (pings += 1) === 2) break;
    expect(pings).toBe(2);
    expect(received).toBe('nothing');
    abort.abort();
    await first?.catch(() => undefined);
    expect((await ended).reason).toBe('stalled');
  });

  it('slow leaves gaps long enough for pings between deltas', async () => {
    const frames = await allFrames(await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('scenario: slow') }));
    const kinds = frames.map((frame) => (frame.event === 'ping' ? 'ping' : String(frame.data?.['event'])));
    const firstMessage = kinds.indexOf('message');
    const lastMessage = kinds.lastIndexOf('message');
    expect(kinds.slice(firstMessage, lastMessage)).toContain('ping');
    expect(kinds.at(-1)).toBe('message_end');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { assumedBytesPerSecond, createAudioMeter } from '../../proxy/http/audio-seconds.ts';
import { field, postJson } from '../helpers/api.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { bearer, mintSession } from '../helpers/session.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack | undefined;
let redis: TestRedis | undefined;

afterEach(async () => {
  await stack?.close();
  await redis?.close();
  stack = undefined;
  redis = undefined;
});

/** A PCM WAV file: 16 kHz, 16-bit, mono (32,000 bytes a second), `seconds` long. */
function wav(seconds: number): Buffer {
  const byteRate = 32_000;
  const data = Buffer.alloc(seconds * byteRate, 1);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16_000, 24);
  header.writeUInt32LE(byteRate, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

function upload(url: string, path: string, token: string, file: Buffer, type: string, name: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)], { type }), name);
  return fetch(`${url}${path}`, { method: 'POST', headers: bearer(token), body: form });
}

async function statuses(responses: Promise<Response>[]): Promise<number[]> {
  const found: number[] = [];
  for (const pending of responses) {
    const response = await pending;
    if (response.status === 429) {
      expect(await response.json()).toMatchObject({
        code: 'budget_exceeded',
        status: 429,
        message: expect.stringContaining('starts again at'),
      });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    } else await response.arrayBuffer();
    found.push(response.status);
  }
  return found;
}

const upstreamCalls = (running: Stack, path: string) => running.simulator.requests.filter((request) => request.path === path).length;

describe('the audio meter', () => {
  it('reads the seconds of a WAV from its header, and counts other audio at the documented byte rate', () => {
    const wavMeter = createAudioMeter();
    const file = wav(3);
    // In pieces, the header split across them, as a stream delivers it.
    for (let offset = 0; offset < file.length; offset += 7_000) wavMeter.add(file.subarray(offset, offset + 7_000));
    expect(wavMeter.seconds()).toBe(3);
    expect(wavMeter.bytes()).toBe(file.length);
    const mp3 = createAudioMeter();
    mp3.add(Buffer.alloc(assumedBytesPerSecond * 10, 7));
    expect(mp3.seconds()).toBe(10);
    expect(createAudioMeter().seconds()).toBe(0);
  });
});

describe('per-visitor daily budgets of the paid side endpoints', () => {
  it('count the characters of the answer read aloud, then refuse with budget_exceeded', async () => {
    // "hello" is 5 characters: a budget of 8 reads it twice (0 and 5 are under 8), then is used up.
    stack = await startStack({ apps: [{ id: 'chat', mode: 'chat', audio: true }], limits: { speechCharsPerVisitorPerDay: 8 } });
    const visitor = await mintSession(stack.urls.proxy);
    const answer = await postJson(stack.urls.proxy, '/v1/chat-messages', visitor.token, {
      query: 'echo: hello',
      inputs: {},
      response_mode: 'blocking',
    });
    const messageId = field(await answer.json(), 'message_id');
    const speak = () => postJson(stack?.urls.proxy ?? '', '/v1/text-to-audio', visitor.token, { message_id: messageId });
    const seen: number[] = [];
    for (let call = 0; call < 3; call += 1) seen.push(...(await statuses([speak()])));
    expect(seen).toEqual([200, 200, 429]);
    expect(upstreamCalls(stack, '/v1/text-to-audio')).toBe(2);
  });

  it('count an answer Dify read aloud in its stream (autoplay) against the same characters, without refusing the stream', async () => {
    stack = await startStack({
      apps: [{ id: 'chat', mode: 'chat', audio: true, autoPlay: true }],
      limits: { speechCharsPerVisitorPerDay: 8 },
    });
    const visitor = await mintSession(stack.urls.proxy);
    const stream = () =>
      postJson(stack?.urls.proxy ?? '', '/v1/chat-messages', visitor.token, {
        query: 'echo: hello',
        inputs: {},
        response_mode: 'streaming',
      });
    const first = await (await stream()).text();
    expect(first).toContain('"event":"tts_message_end"');
    // Its 5 characters leave room for one more reading of 5: the speaker button, once.
    const messageId = /"message_id":"([^"]+)"/.exec(first)?.[1];
    const speak = () => postJson(stack?.urls.proxy ?? '', '/v1/text-to-audio', visitor.token, { message_id: messageId });
    expect(await statuses([speak()])).toEqual([200]);
    expect(await statuses([speak()])).toEqual([429]);
    // A budget used up does not cut the speech of a later answer: Dify made it with the answer.
    const second = await stream();
    expect(second.status).toBe(200);
    expect(await second.text()).toContain('"event":"tts_message_end"');
  });

  it('count the seconds of audio transcribed (a WAV by its header), then refuse', async () => {
    stack = await startStack({ apps: [{ id: 'chat', mode: 'chat', audio: true }], limits: { transcriptionSecondsPerVisitorPerDay: 5 } });
    const visitor = await mintSession(stack.urls.proxy);
    const seen: number[] = [];
    // 3 s each: 0 and 3 are under 5; at 24 s each (its bytes at the assumed rate) the second would be refused.
    for (let call = 0; call < 3; call += 1)
      seen.push(...(await statuses([upload(stack.urls.proxy, '/v1/audio-to-text', visitor.token, wav(3), 'audio/wav', 'voice.wav')])));
    expect(seen).toEqual([200, 200, 429]);
    expect(upstreamCalls(stack, '/v1/audio-to-text')).toBe(2);
  });

  it('count the bytes uploaded, then refuse before anything goes upstream, and leave other visitors alone', async () => {
    stack = await startStack({ limits: { uploadMbPerVisitorPerDay: 1 } });
    const visitor = await mintSession(stack.urls.proxy);
    const file = Buffer.alloc(700 * 1024, 97);
    const send = (token: string) => upload(stack?.urls.proxy ?? '', '/v1/files/upload', token, file, 'text/plain', 'notes.txt');
    const seen: number[] = [];
    for (let call = 0; call < 3; call += 1) seen.push(...(await statuses([send(visitor.token)])));
    expect(seen).toEqual([201, 201, 429]);
    expect(upstreamCalls(stack, '/v1/files/upload')).toBe(2);
    expect(await statuses([send((await mintSession(stack.urls.proxy)).token)])).toEqual([201]);
  });

  it('hold across two instances sharing Redis, the answer’s length included', async () => {
    redis = await startRedis();
    stack = await startStack({
      redisUrl: redis.url,
      instances: 2,
      apps: [{ id: 'chat', mode: 'chat', audio: true }],
      limits: { uploadMbPerVisitorPerDay: 1, speechCharsPerVisitorPerDay: 8 },
    });
    const [a, b] = stack.instances.map((instance) => instance.url);
    const visitor = await mintSession(a ?? '');
    const answer = await postJson(a ?? '', '/v1/chat-messages', visitor.token, {
      query: 'echo: hello',
      inputs: {},
      response_mode: 'blocking',
    });
    const messageId = field(await answer.json(), 'message_id');
    // Answered on one instance, read aloud on the other: 5 characters each time, as counted by the first.
    const speak = () => postJson(b ?? '', '/v1/text-to-audio', visitor.token, { message_id: messageId });
    expect(await statuses([speak()])).toEqual([200]);
    expect(await statuses([speak()])).toEqual([200]);
    expect(await statuses([speak()])).toEqual([429]);

    const file = Buffer.alloc(1024 * 1024, 97);
    expect(await statuses([upload(a ?? '', '/v1/files/upload', visitor.token, file, 'text/plain', 'notes.txt')])).toEqual([201]);
    expect(await statuses([upload(b ?? '', '/v1/files/upload', visitor.token, file, 'text/plain', 'notes.txt')])).toEqual([429]);
  });
});

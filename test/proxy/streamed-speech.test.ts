import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/api.ts';
import { startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';
import { mintSession } from '../helpers/session.ts';
import { dataEvents } from '../helpers/sse.ts';
import { startStubUpstream, type StubUpstream } from '../helpers/stub-upstream.ts';

let upstream: StubUpstream | undefined;
let proxy: RunningProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
  proxy = undefined;
  upstream = undefined;
});

const head = '"conversation_id":"c1","message_id":"m1","created_at":1,"task_id":"t1"';
// 300 KB of MP3 as Dify sends a piece of it: one base64 line of 400,000 characters.
const audio = randomBytes(300_000).toString('base64');
const beforeSpeech =
  `data: {"event":"message",${head},"id":"m1","answer":"Hello.","from_variable_selector":null}\n\n` +
  `data: {"event":"message_end",${head},"id":"m1","metadata":{"usage":{"total_tokens":3}},"files":null}\n\n`;
const speech = `data: {"event":"tts_message",${head},"audio":"${audio}"}\n\ndata: {"event":"tts_message_end",${head},"audio":""}\n\n`;

/** A chat app's stream with autoplay: the answer, then (after a TTS model's pause) its speech, cut into 16 KB writes. */
async function speakingDify(res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
  res.write(beforeSpeech);
  // Longer than the proxy's usual second of quiet after message_end (`afterEndMs`).
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  for (let offset = 0; offset < speech.length; offset += 16_384) res.write(speech.slice(offset, offset + 16_384));
  res.end();
}

describe('speech streamed with an answer (tts_message)', () => {
  it('passes a frame of 400,000 characters through unchanged, even when it comes well after message_end', async () => {
    upstream = await startStubUpstream((request, res) => {
      if (request.url.includes('chat-messages')) return void speakingDify(res);
      res.setHeader('Content-Type', 'application/json');
      res.end('{}');
    });
    proxy = await startProxy(testConfig(upstream.url));
    const session = await mintSession(proxy.url);
    const response = await postJson(proxy.url, '/v1/chat-messages', session.token, { query: 'hi', inputs: {}, response_mode: 'streaming' });
    const body = await response.text();
    expect(body.replace(/^: keep-alive\n\n/gm, '')).toBe(beforeSpeech + speech);
    const events = dataEvents(body);
    expect(events.map((event) => event['event'])).toEqual(['message', 'message_end', 'tts_message', 'tts_message_end']);
    expect(events[2]?.['audio']).toBe(audio);
    // Dify's answer ended as Dify ended it: no stop call for a finished task.
    expect(upstream.requests.filter((request) => request.url.endsWith('/stop'))).toEqual([]);
  });
});

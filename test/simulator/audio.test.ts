import { describe, expect, it } from 'vitest';
import { blockingChat, call, keys, request, text, useSimulator } from './support.ts';

function audioForm(type: string, size = 16): { body: Buffer; headers: Record<string, string> } {
  const boundary = 'audio-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="voice.webm"\r\nContent-Type: ${type}\r\n\r\n`),
    Buffer.alloc(size, 1),
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="user"\r\n\r\nalice\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } };
}

describe('audio', () => {
  const simulator = useSimulator();

  it('transcribes audio on an app with audio enabled', async () => {
    const { status, body } = await call(simulator(), keys.chat, 'POST', '/audio-to-text', audioForm('audio/mp3'));
    expect(status).toBe(200);
    expect(body).toEqual({ text: expect.any(String) });
  });

  it('accepts only the part types audio/mp3, m4a, wav, amr and mpga: a browser recording (audio/webm) gets 415 (§9.1)', async () => {
    for (const type of ['audio/m4a', 'audio/wav', 'audio/amr', 'audio/mpga', 'audio/MP3']) {
      expect((await call(simulator(), keys.chat, 'POST', '/audio-to-text', audioForm(type))).status).toBe(200);
    }
    for (const type of ['audio/webm', 'audio/mpeg', 'audio/mp4', 'audio/ogg', 'video/mp3']) {
      const { status, body } = await call(simulator(), keys.chat, 'POST', '/audio-to-text', audioForm(type));
      expect([status, body]).toEqual([415, { code: 'unsupported_audio_type', message: 'Audio type not allowed.', status: 415 }]);
    }
  });

  it("reads the file part before anything else: none is werkzeug's 400 bad_request_key_error, even with STT off (§9.1)", async () => {
    const boundary = 'audio-boundary';
    const form = {
      body: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="user"\r\n\r\nalice\r\n--${boundary}--\r\n`),
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    };
    for (const key of [keys.chat, keys.agent]) {
      const { status, body } = await call(simulator(), key, 'POST', '/audio-to-text', form);
      expect([status, body]).toEqual([
        400,
        {
          code: 'bad_request_key_error',
          message: 'The browser (or proxy) sent a request that this server could not understand.',
          status: 400,
        },
      ]);
    }
  });

  it('rejects speech to text where it is not enabled', async () => {
    const { status, body } = await call(simulator(), keys.agent, 'POST', '/audio-to-text', audioForm('audio/webm'));
    expect([status, body]).toEqual([400, { code: 'invalid_param', message: 'Speech to text is not enabled', status: 400 }]);
  });

  it('rejects audio types Dify does not accept', async () => {
    const { status, body } = await call(simulator(), keys.chat, 'POST', '/audio-to-text', audioForm('audio/ogg'));
    expect(status).toBe(415);
    expect(body).toMatchObject({ code: 'unsupported_audio_type' });
  });

  it('speaks a text as audio/mpeg bytes', async () => {
    const response = await request(simulator(), keys.chat, 'POST', '/text-to-audio', { json: { text: 'Hello there', user: 'alice' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(1000);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfb]);
  });

  it("speaks a message's answer by message_id", async () => {
    const answer = await blockingChat(simulator(), keys.chat, 'say something');
    const response = await request(simulator(), keys.chat, 'POST', '/text-to-audio', {
      json: { message_id: text(answer, 'message_id'), user: 'alice' },
    });
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
  });

  it('rejects text to speech where it is not enabled', async () => {
    const { status, body } = await call(simulator(), keys.completion, 'POST', '/text-to-audio', { json: { text: 'hi', user: 'alice' } });
    expect([status, body]).toEqual([400, { code: 'invalid_param', message: 'TTS is not enabled', status: 400 }]);
  });
});

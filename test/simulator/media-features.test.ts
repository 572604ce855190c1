import { describe, expect, it } from 'vitest';
import type { SpeechRecord } from '../../demo/simulator/index.ts';
import { call, request, useSimulator } from './support.ts';

const apps = [
  { key: 'app-files', mode: 'chat' as const, fileTypes: ['image', 'document'] },
  { key: 'app-no-files', mode: 'chat' as const, fileTypes: [] },
  { key: 'app-voice', mode: 'chat' as const, audio: true, autoPlay: true },
];

function form(filename: string, type: string, content: Buffer): { body: Buffer; headers: Record<string, string> } {
  const boundary = 'media-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } };
}

describe('the file and voice features an app has', () => {
  const simulator = useSimulator({ apps, uploadDelayMs: 300 });

  it('reports the file types an app allows in /parameters, and none when it has none', async () => {
    const files = (await call(simulator(), 'app-files', 'GET', '/parameters')).body;
    expect(files).toMatchObject({
      file_upload: { enabled: true, allowed_file_types: ['image', 'document'], allowed_file_upload_methods: ['local_file', 'remote_url'] },
    });
    const none = (await call(simulator(), 'app-no-files', 'GET', '/parameters')).body;
    expect(none).toMatchObject({ file_upload: { image: { enabled: false } } });
    expect(Reflect.get(Object(none), 'file_upload')).not.toHaveProperty('enabled');
  });

  it('reports text-to-speech autoplay as the app sets it', async () => {
    const voice = (await call(simulator(), 'app-voice', 'GET', '/parameters')).body;
    expect(voice).toMatchObject({ speech_to_text: { enabled: true }, text_to_speech: { enabled: true, autoPlay: 'enabled' } });
  });

  it('answers an upload only after the configured delay', async () => {
    const started = performance.now();
    const { status, body } = await call(
      simulator(),
      'app-files',
      'POST',
      '/files/upload',
      form('notes.md', 'text/markdown', Buffer.from('# hi')),
    );
    expect([status, body]).toEqual([201, expect.objectContaining({ name: 'notes.md', extension: 'md', size: 4 })]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('accepts a document in a message of an app that takes documents', async () => {
    const uploaded = await call(simulator(), 'app-files', 'POST', '/files/upload', form('notes.md', 'text/markdown', Buffer.from('# hi')));
    const id = String(Reflect.get(Object(uploaded.body), 'id'));
    const response = await request(simulator(), 'app-files', 'POST', '/chat-messages', {
      json: {
        query: 'echo: read it',
        inputs: {},
        user: 'u',
        response_mode: 'blocking',
        files: [{ type: 'document', transfer_method: 'local_file', upload_file_id: id }],
      },
    });
    expect(response.status).toBe(200);
  });

  it("tells listeners what speech-to-text received: the part's type and first bytes", async () => {
    const received: SpeechRecord[] = [];
    simulator().events.on('speech', (record: SpeechRecord) => received.push(record));
    const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt '), Buffer.alloc(8)]);
    const { status } = await call(simulator(), 'app-voice', 'POST', '/audio-to-text', form('recording.wav', 'audio/wav', wav));
    expect(status).toBe(200);
    expect(received).toEqual([{ filename: 'recording.wav', mimeType: 'audio/wav', size: wav.length, head: wav.subarray(0, 12) }]);
  });
});

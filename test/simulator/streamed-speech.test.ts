import { describe, expect, it } from 'vitest';
import { allFrames, chatBody, payloads, request, useSimulator } from './support.ts';

const speaking = 'app-test-speaking-chat';
const speakingCompletion = 'app-test-speaking-completion';
const quiet = 'app-test-quiet-chat';

describe('speech streamed with an answer when the app autoplays (tts_message, §4.4)', () => {
  const simulator = useSimulator({
    apps: [
      { key: speaking, mode: 'chat', audio: true, autoPlay: true },
      { key: speakingCompletion, mode: 'completion', audio: true, autoPlay: true },
      { key: quiet, mode: 'chat', audio: true },
    ],
  });

  it('follows message_end with tts_message frames of base64 MP3, then tts_message_end with "", and closes', async () => {
    const frames = payloads(
      await allFrames(await request(simulator(), speaking, 'POST', '/chat-messages', { json: chatBody('echo: read me') })),
    );
    const end = frames.findIndex((frame) => frame['event'] === 'message_end');
    const after = frames.slice(end + 1);
    expect(after.length).toBeGreaterThan(2);
    const speech = after.slice(0, -1);
    for (const frame of speech)
      expect(Object.keys(frame)).toEqual(['event', 'conversation_id', 'message_id', 'created_at', 'task_id', 'audio']);
    expect(new Set(speech.map((frame) => frame['event']))).toEqual(new Set(['tts_message']));
    expect(after.at(-1)).toEqual({ ...speech[0], event: 'tts_message_end', audio: '' });
    expect(frames.slice(0, end).some((frame) => String(frame['event']).startsWith('tts'))).toBe(false);
    // Together the pieces are real MP3 (frame sync 0xFFFB), the same audio /text-to-audio gives for the message.
    const audio = Buffer.concat(speech.map((frame) => Buffer.from(String(frame['audio']), 'base64')));
    expect([...audio.subarray(0, 2)]).toEqual([0xff, 0xfb]);
    const spoken = await request(simulator(), speaking, 'POST', '/text-to-audio', {
      json: { message_id: speech[0]?.['message_id'], user: 'alice' },
    });
    expect(Buffer.from(await spoken.arrayBuffer()).equals(audio)).toBe(true);
  });

  it('leaves the conversation id out of a completion app’s speech frames, as from all its frames', async () => {
    const body = { inputs: { topic: 'tea', tone: 'casual' }, user: 'alice', response_mode: 'streaming' };
    const frames = payloads(
      await allFrames(await request(simulator(), speakingCompletion, 'POST', '/completion-messages', { json: body })),
    );
    const speech = frames.filter((frame) => frame['event'] === 'tts_message');
    expect(speech.length).toBeGreaterThan(0);
    expect(Object.keys(speech[0] ?? {})).toEqual(['event', 'message_id', 'created_at', 'task_id', 'audio']);
    expect(frames.at(-1)?.['event']).toBe('tts_message_end');
  });

  it('sends no speech when autoplay is off: the stream ends at message_end', async () => {
    const frames = payloads(
      await allFrames(await request(simulator(), quiet, 'POST', '/chat-messages', { json: chatBody('echo: quiet') })),
    );
    expect(frames.at(-1)?.['event']).toBe('message_end');
    expect(frames.some((frame) => String(frame['event']).startsWith('tts'))).toBe(false);
  });
});

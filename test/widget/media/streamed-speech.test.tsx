import { signal } from '@preact/signals';
import { render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { submittedAnswer, type AnswerState } from '../../../widget/core/answer.ts';
import { toDifyEvent, type DifyAudioEvent, type DifyEvent } from '../../../widget/core/dify-events.ts';
import type { ProxyClient } from '../../../widget/core/proxy-client.ts';
import type { SessionKeeper } from '../../../widget/core/session.ts';
import { SpeakerButton } from '../../../widget/media/SpeakerButton.tsx';
import { hearSpeech, listenForSpeech, speechOf } from '../../../widget/media/speech.ts';
import { speech, startAnswer } from '../../../widget/model/answer-run.ts';

const envelope = { conversation_id: 'c1', message_id: 'm1', created_at: 1, task_id: 't1' };
const frame = (payload: Record<string, unknown>) => toDifyEvent({ data: JSON.stringify({ ...envelope, ...payload }) });
const base64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes));
const audioEvent = (messageId: string, audio: string, type: DifyAudioEvent['type'] = 'tts_message'): DifyAudioEvent => ({
  type,
  messageId,
  audio,
});

function eventsOf(events: DifyEvent[]): ReadableStream<DifyEvent> {
  return new ReadableStream({
    start(controller) {
      for (const event of events) controller.enqueue(event);
      controller.close();
    },
  });
}

afterEach(() => {
  speech.sink = undefined;
  vi.restoreAllMocks();
});

describe('streamed speech frames', () => {
  it('are read as audio events with the answer’s ids once the voice chunk listens', () => {
    listenForSpeech();
    expect(frame({ event: 'tts_message', audio: 'SUQz' })).toEqual({
      type: 'tts_message',
      conversationId: 'c1',
      messageId: 'm1',
      taskId: 't1',
      audio: 'SUQz',
    });
    expect(frame({ event: 'tts_message_end', audio: '' })).toMatchObject({ type: 'tts_message_end', messageId: 'm1', audio: '' });
    // A frame that lost its audio still ends nothing and carries no bytes.
    expect(frame({ event: 'tts_message' })).toMatchObject({ type: 'tts_message', audio: '' });
    expect(speech.sink).toBe(hearSpeech);
  });

  it('are decoded into the answer’s MP3 pieces until tts_message_end; a piece that is not base64 is left out', () => {
    const heard = speechOf('decode-1');
    const told = vi.fn();
    heard.listeners.add(told);
    hearSpeech(audioEvent('decode-1', base64([0xff, 0xfb, 0x90])));
    hearSpeech(audioEvent('decode-1', 'not base64!'));
    hearSpeech(audioEvent('decode-1', base64([0x64])));
    hearSpeech(audioEvent('decode-1', '', 'tts_message_end'));
    hearSpeech(audioEvent('decode-1', base64([1, 2, 3])));
    expect(heard.pieces.map((piece) => [...piece])).toEqual([[0xff, 0xfb, 0x90], [0x64]]);
    expect(heard.ended).toBe(true);
    expect(told).toHaveBeenCalledTimes(3);
  });

  it('end when the answer’s stream is over, even without tts_message_end', () => {
    hearSpeech(audioEvent('cut-1', base64([9])));
    hearSpeech({ ...submittedAnswer(), status: 'ready', ending: 'complete', messageId: 'cut-1' });
    expect(speechOf('cut-1')).toMatchObject({ ended: true, pieces: [new Uint8Array([9])] });
  });
});

describe('an answer run with a speech listener', () => {
  it('reads the stream on after message_end, hands the speech to the listener and keeps it out of the answer', async () => {
    const heard: (DifyAudioEvent | AnswerState)[] = [];
    speech.sink = (event) => void heard.push(event);
    const answer = signal<AnswerState>(submittedAnswer());
    const speechFrame = audioEvent('m1', base64([1]));
    const events: DifyEvent[] = [
      { type: 'message', messageId: 'm1', text: 'Hi' },
      { type: 'message_end', messageId: 'm1', metadata: {} },
      speechFrame,
      audioEvent('m1', '', 'tts_message_end'),
    ];
    const report = { message: () => undefined, problem: () => undefined, feedback: () => undefined };
    const run = startAnswer({ open: async () => eventsOf(events), target: answer, report, schedule: (callback) => callback() });
    expect(await run.done).toBe('settled');
    expect(heard.slice(0, 2)).toEqual([speechFrame, events[3]]);
    // Then the answer itself, once its stream is over.
    expect(heard[2]).toMatchObject({ status: 'ready', ending: 'complete', messageId: 'm1' });
    expect(heard).toHaveLength(3);
    expect(JSON.stringify(answer.value)).not.toContain('audio');
  });
});

/** The speaker of a live answer in an app whose autoplay is on; `send` is the proxy. */
function speaker(messageId: string, send: ProxyClient['send']) {
  const answer = signal<AnswerState>({ status: 'streaming', text: 'Hi', messageId });
  const client = { send, urlFor: (path: string) => `https://proxy.test/v1/${path}` } as Partial<ProxyClient> as ProxyClient;
  const app = signal({ parameters: { text_to_speech: { enabled: true, autoPlay: 'enabled' } } });
  const model = { client, sessions: {} as Partial<SessionKeeper> as SessionKeeper, app };
  const view = render(<SpeakerButton turn={{ id: 'local-1', answer }} model={model} />);
  const audio = () => view.container.querySelector('audio');
  return { answer, audio, view };
}

describe('autoplay of a streamed answer', () => {
  it('plays the speech that came with the stream and never asks /text-to-audio', async () => {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    const send = vi.fn<ProxyClient['send']>();
    const { answer, audio } = speaker('auto-1', send);
    hearSpeech(audioEvent('auto-1', base64([0xff, 0xfb])));
    answer.value = { ...answer.peek(), status: 'ready', ending: 'complete' };
    hearSpeech(audioEvent('auto-1', '', 'tts_message_end'));
    // Without MediaSource (as here) the pieces play as one Blob once the speech is complete.
    await waitFor(() => expect(audio()?.getAttribute('src')).toMatch(/^blob:/));
    expect(send).not.toHaveBeenCalled();
  });

  it('asks /text-to-audio for a complete answer whose stream brought no speech', async () => {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    const send = vi.fn<ProxyClient['send']>(
      async () => new Response(new Uint8Array([0xff, 0xfb]), { headers: { 'Content-Type': 'audio/mpeg' } }),
    );
    const { answer, audio } = speaker('none-1', send);
    const complete: AnswerState = { ...answer.peek(), status: 'ready', ending: 'complete' };
    answer.value = complete;
    expect(send).not.toHaveBeenCalled();
    hearSpeech(complete);
    await waitFor(() => expect(audio()?.getAttribute('src')).toMatch(/^blob:/));
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0]?.[0]).toBe('https://proxy.test/v1/text-to-audio');
  });

  it('stops when the visitor stops the answer', async () => {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    const { answer, audio } = speaker('stop-1', vi.fn<ProxyClient['send']>());
    hearSpeech(audioEvent('stop-1', base64([0xff])));
    hearSpeech(audioEvent('stop-1', '', 'tts_message_end'));
    await waitFor(() => expect(audio()).not.toBeNull());
    answer.value = { ...answer.peek(), status: 'ready', ending: 'aborted' };
    await waitFor(() => expect(audio()).toBeNull());
  });
});

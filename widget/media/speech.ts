import type { AnswerState } from '../core/answer.ts';
import { frameReaders, type DifyAudioEvent, type FrameReader } from '../core/dify-events.ts';
import { readString } from '../core/guards.ts';
import { speech as answerSpeech } from '../model/answer-run.ts';

/** One answer's speech as its stream brought it (`tts_message` frames, dify-api.md §4.4). */
export interface Speech {
  /** The MP3 bytes of each frame, in order. */
  pieces: Uint8Array<ArrayBuffer>[];
  /** Nothing more will come: `tts_message_end`, or the stream closed or was stopped without one. */
  ended: boolean;
  /** Told after every change (the player feeds itself, autoplay starts). */
  listeners: Set<() => void>;
}

/**
 * The speech of the latest answers by message id, so the speaker button plays an answer again without
 * asking Dify; only the newest few are kept, as the audio of a long answer runs to megabytes.
 */
const speeches = new Map<string, Speech>();
const keptAnswers = 8;

export function speechOf(messageId: string): Speech {
  let found = speeches.get(messageId);
  if (!found) {
    found = { pieces: [], ended: false, listeners: new Set() };
    speeches.set(messageId, found);
    for (const oldest of speeches.keys()) if (speeches.size > keptAnswers) speeches.delete(oldest);
  }
  return found;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * Takes one frame of an answer's speech, or the answer once its stream is over (which ends its speech
 * too, `tts_message_end` or not). A piece that is not base64 is left out rather than played as noise.
 */
export function hearSpeech(event: DifyAudioEvent | AnswerState): void {
  if (!event.messageId) return;
  const heard = speechOf(event.messageId);
  if (heard.ended) return;
  if (!('audio' in event) || event.type === 'tts_message_end') heard.ended = true;
  else if (event.audio) {
    try {
      heard.pieces.push(decode(event.audio));
    } catch {
      return;
    }
  }
  for (const listener of heard.listeners) listener();
}

const readAudio =
  (type: DifyAudioEvent['type']): FrameReader =>
  (frame, envelope) => ({ ...envelope, type, audio: readString(frame, 'audio') ?? '' });

/**
 * From now on the chat's streams hand every answer's speech here (the app reads answers aloud by itself):
 * the core reads no `tts_message` frame until this chunk has loaded, so a chat without autoplay carries none of it.
 */
export function listenForSpeech(): void {
  frameReaders.set('tts_message', readAudio('tts_message'));
  frameReaders.set('tts_message_end', readAudio('tts_message_end'));
  answerSpeech.sink = hearSpeech;
}

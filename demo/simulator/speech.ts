/**
 * Dify's text to speech in the simulator: the audio `/text-to-audio` streams (§9.2), and the `tts_message`
 * frames a chat or completion stream carries when the app's `text_to_speech.autoPlay` is `enabled` (§4.4).
 */
import type { Script, Step } from './generation.ts';
import type { SimulatedApp } from './types.ts';
import { envelope, type AnswerIds } from './shapes-message.ts';

/** Silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz): real MP3 bytes any player accepts. */
function silentMp3(frames: number): Buffer {
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

/** The audio of `text` read aloud: about 13 ms of silence a character, at most 5 s. */
export function speechFor(text: string): Buffer {
  return silentMp3(Math.min(200, 10 + Math.ceil([...text].length / 2)));
}

/** Bytes of audio per `tts_message`: not a whole number of MP3 frames, as a provider's stream is cut anywhere. */
const pieceBytes = 1_000;
/** The pipeline's wait between two looks for audio after the answer (`TTS_AUTO_PLAY_YIELD_CPU_TIME`, 20 ms). */
const pieceGapMs = 20;

/** Whether the app's answers carry their speech: `text_to_speech` on with `autoPlay` `enabled` (§10.1). */
export function speaksAnswers(app: SimulatedApp): boolean {
  return app.audio === true && app.autoPlay === true;
}

/**
 * The script with the answer's speech after its `message_end`: `tts_message` frames (envelope, then
 * `audio`, a base64 MP3 piece), then `tts_message_end` with `audio: ""`. A short answer's audio is all
 * synthesised after its text, so all of it follows the end; the API process then closes the stream (§4.3).
 */
export function withSpeech(script: Script, ids: AnswerIds): Script {
  return {
    ...script,
    afterwards(answer) {
      const audio = speechFor(answer);
      const steps: Step[] = [];
      for (let offset = 0; offset < audio.length; offset += pieceBytes) {
        const piece = audio.subarray(offset, offset + pieceBytes).toString('base64');
        steps.push({ gapMs: pieceGapMs, frames: () => [{ ...envelope(ids, 'tts_message'), audio: piece }] });
      }
      return [...steps, { gapMs: pieceGapMs, frames: () => [{ ...envelope(ids, 'tts_message_end'), audio: '' }] }];
    },
  };
}

/** POST /audio-to-text and POST /text-to-audio: Dify's "not enabled" 400s unless the app has `audio`. */
import { DifyHttpError, invalidParam } from '../errors.ts';
import { sendJson } from '../http.ts';
import { pathPattern, type Route } from '../route.ts';
import type { RequestContext } from '../runtime.ts';
import { speechFor } from '../speech.ts';
import type { SpeechRecord } from '../types.ts';

/**
 * The part type must be exactly `audio/<ext>` with ext in `AUDIO_EXTENSIONS` or its upper-case form (§9.1):
 * so `audio/webm` (what a browser's MediaRecorder makes), `audio/mpeg` and `audio/mp4` are refused.
 */
const audioExtensions = ['mp3', 'm4a', 'wav', 'amr', 'mpga'];
const allowedAudioTypes = new Set(audioExtensions.flatMap((extension) => [`audio/${extension}`, `audio/${extension.toUpperCase()}`]));
const audioLimitBytes = 30 * 1024 * 1024;

function audioToText(context: RequestContext): void {
  // `request.files["file"]` is read before anything else: werkzeug's KeyError, even with STT disabled.
  const file = context.multipart?.files.find((part) => part.field === 'file');
  if (file === undefined) {
    throw new DifyHttpError(400, 'bad_request_key_error', 'The browser (or proxy) sent a request that this server could not understand.');
  }
  const record: SpeechRecord = { filename: file.filename, mimeType: file.mimeType, size: file.size, head: file.bytes.subarray(0, 12) };
  context.runtime.events.emit('speech', record);
  if (context.app.audio !== true) throw invalidParam('Speech to text is not enabled');
  if (!allowedAudioTypes.has(file.mimeType)) throw new DifyHttpError(415, 'unsupported_audio_type', 'Audio type not allowed.');
  if (file.size > audioLimitBytes) {
    throw new DifyHttpError(413, 'audio_too_large', 'Audio size exceeded. Audio size larger than 30 mb');
  }
  sendJson(context.response, 200, { text: 'Hello from the simulator, this is what you said.' });
}

/**
 * The order of Dify's `transcript_tts` (§9.2): a `message_id` is looked up first, by id only, and answers JSON
 * `null` when it names no message with an answer, even where TTS is off; then a text is required; the feature
 * check runs only when the caller names no `voice` (the app's voice is what it would read).
 */
async function textToAudio(context: RequestContext): Promise<void> {
  const { app, body, runtime, response } = context;
  const messageId = typeof body['message_id'] === 'string' ? body['message_id'] : undefined;
  let text = typeof body['text'] === 'string' ? body['text'] : undefined;
  if (messageId !== undefined) {
    const message = runtime.store.messageById(messageId.toLowerCase());
    if (message === undefined || message.answer === '') {
      sendJson(response, 200, null);
      return;
    }
    text = message.answer;
  }
  if (text === undefined || text === '') throw invalidParam('Text is required');
  if (typeof body['voice'] !== 'string' && app.audio !== true) throw invalidParam('TTS is not enabled');
  const audio = speechFor(text);
  response.writeHead(200, { 'Content-Type': 'audio/mpeg' });
  // Streamed in pieces, as Dify streams synthesised audio.
  const pieceSize = 4096;
  for (let offset = 0; offset < audio.length; offset += pieceSize) {
    response.write(audio.subarray(offset, offset + pieceSize));
    await new Promise((resolve) => setImmediate(resolve));
  }
  response.end();
}

export const audioRoutes: Route[] = [
  { method: 'POST', path: pathPattern('/audio-to-text'), user: { from: 'form', required: false }, handle: audioToText },
  { method: 'POST', path: pathPattern('/text-to-audio'), user: { from: 'json', required: false }, handle: textToAudio },
];

/**
 * The upload and voice strings in English. They live in the media chunks, not in ../i18n/en.ts, so a chat
 * without uploads or voice does not download them; every other language has them under `media` in its own chunk.
 */
export const mediaEnglish = {
  attach: 'Attach files',
  remove: (name: string) => `Remove ${name}`,
  cancelUpload: (name: string) => `Cancel the upload of ${name}`,
  uploading: (name: string) => `Uploading ${name}`,
  refusedType: 'This chat doesn’t take this kind of file.',
  refusedSize: (limitMb: number) => `Files can be at most ${limitMb} MB.`,
  refusedCount: (limit: number) => `A message can carry at most ${limit} files.`,
  uploadFailed: 'The upload failed.',
  record: 'Speak a message',
  stopRecording: 'Stop recording',
  recording: (elapsed: string) => `Recording ${elapsed}`,
  transcribing: 'Turning your recording into text…',
  micDenied: 'The microphone is blocked. To speak a message, allow the microphone for this site in your browser’s settings.',
  micMissing: 'No microphone was found. Connect one, or type your message.',
  micUnsupported: 'This browser can’t record audio here. Type your message instead.',
  transcribeFailed: 'Your recording couldn’t be turned into text.',
  readAloud: 'Read aloud',
  stopReading: 'Stop reading',
  readFailed: 'This answer couldn’t be read aloud.',
};

export type MediaStrings = typeof mediaEnglish;

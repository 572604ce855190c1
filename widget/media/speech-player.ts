import type { Speech } from './speech.ts';

const mp3 = 'audio/mpeg';

/**
 * Something for an `<audio>` element to play `speech` from, handed to `ready` once there is one: where
 * the browser takes MP3 in a MediaSource, one fed piece by piece as the frames arrive (it can start
 * before the answer ends); elsewhere one Blob of every piece once the speech is complete. Returns the
 * function that lets it go.
 */
export function playFromSpeech(speech: Speech, ready: (url: string) => void): () => void {
  let url = '';
  let feed: () => void;
  if (typeof MediaSource === 'function' && MediaSource.isTypeSupported(mp3)) {
    const source = new MediaSource();
    let buffer: SourceBuffer | undefined;
    let sent = 0;
    // One append at a time: the next waits for the buffer's `updateend`, the end for the last piece.
    feed = () => {
      if (!buffer || buffer.updating || source.readyState !== 'open') return;
      const piece = speech.pieces[sent];
      if (piece) {
        sent += 1;
        buffer.appendBuffer(piece);
      } else if (speech.ended) source.endOfStream();
    };
    source.addEventListener(
      'sourceopen',
      () => {
        buffer = source.addSourceBuffer(mp3);
        buffer.addEventListener('updateend', feed);
        feed();
      },
      { once: true },
    );
    ready((url = URL.createObjectURL(source)));
  } else {
    feed = () => {
      if (speech.ended && !url) ready((url = URL.createObjectURL(new Blob(speech.pieces, { type: mp3 }))));
    };
    feed();
  }
  speech.listeners.add(feed);
  return () => {
    speech.listeners.delete(feed);
    URL.revokeObjectURL(url);
  };
}

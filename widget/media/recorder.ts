/** Why the microphone cannot record: the visitor (or the page's policy) refused it, there is none, or the browser cannot. */
export type MicrophoneProblem = 'denied' | 'missing' | 'unsupported';

export class MicrophoneError extends Error {
  readonly problem: MicrophoneProblem;

  constructor(problem: MicrophoneProblem) {
    super(`microphone: ${problem}`);
    this.name = 'MicrophoneError';
    this.problem = problem;
  }
}

/** A recording in progress. `stop` gives the recorded audio (webm, ogg or mp4), `cancel` drops it. */
export interface Recording {
  stop(): Promise<Blob>;
  cancel(): void;
}

function problemOf(error: unknown): MicrophoneProblem {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return 'missing';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  return 'unsupported';
}

/** Asks for the microphone and starts recording; rejects with a MicrophoneError the visitor can be told about. */
export async function startRecording(): Promise<Recording> {
  if (typeof MediaRecorder !== 'function' || !navigator.mediaDevices?.getUserMedia) throw new MicrophoneError('unsupported');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (error) {
    throw new MicrophoneError(problemOf(error));
  }
  const recorder = new MediaRecorder(stream);
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  // The microphone light goes off as soon as recording ends, whichever way.
  const release = () => stream.getTracks().forEach((track) => track.stop());
  recorder.start();
  return {
    stop: () =>
      new Promise<Blob>((resolve) => {
        recorder.onstop = () => {
          release();
          resolve(new Blob(chunks, { type: recorder.mimeType }));
        };
        recorder.stop();
      }),
    cancel() {
      recorder.onstop = release;
      if (recorder.state !== 'inactive') recorder.stop();
      else release();
    },
  };
}

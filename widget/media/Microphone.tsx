import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useShadowStyles } from '../ui/lazy-styles.ts';
import mediaCss from './media.css?inline';
import { MediaIcon } from './MediaIcon.tsx';
import { MicrophoneError, startRecording, type MicrophoneProblem, type Recording } from './recorder.ts';
import { mediaStrings } from './strings.ts';
import { transcribe, type MediaTransport } from './transport.ts';
import { recordingToWav } from './wav.ts';

export interface MicrophoneProps {
  model: MediaTransport;
  /** The composer's draft, which the transcript joins. */
  view: { draft: ReadonlySignal<string>; setDraft: (text: string) => void };
}

type MicrophoneState = { step: 'idle' } | { step: 'starting' } | { step: 'recording'; since: number } | { step: 'transcribing' };

/** Minutes and seconds, as a recording's elapsed time: `0:07`. */
function elapsed(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function problemText(problem: MicrophoneProblem | 'transcription'): string {
  const strings = mediaStrings();
  if (problem === 'denied') return strings.micDenied;
  if (problem === 'missing') return strings.micMissing;
  if (problem === 'unsupported') return strings.micUnsupported;
  return strings.transcribeFailed;
}

/** The time since `since`, redrawn twice a second while recording. */
function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  return <>{mediaStrings().recording(elapsed(now - since))}</>;
}

/**
 * The microphone button: the first press records (the button turns into Stop and the elapsed time shows),
 * the second stops; the recording is turned into WAV here, sent to Dify's speech-to-text, and its text put
 * into the composer for the visitor to check before sending.
 */
export function Microphone({ model: transport, view }: MicrophoneProps) {
  const { draft, setDraft: onDraftChange } = view;
  const styled = useShadowStyles<HTMLSpanElement>(mediaCss);
  const [state, setState] = useState<MicrophoneState>({ step: 'idle' });
  const [problem, setProblem] = useState<MicrophoneProblem | 'transcription' | undefined>(undefined);
  const recording = useRef<Recording | undefined>(undefined);
  // Leaving the chat while recording releases the microphone.
  useEffect(() => () => recording.current?.cancel(), []);

  async function start() {
    setProblem(undefined);
    setState({ step: 'starting' });
    try {
      recording.current = await startRecording();
      setState({ step: 'recording', since: Date.now() });
    } catch (error) {
      setProblem(error instanceof MicrophoneError ? error.problem : 'unsupported');
      setState({ step: 'idle' });
    }
  }

  async function stop() {
    const current = recording.current;
    recording.current = undefined;
    if (!current) return;
    setState({ step: 'transcribing' });
    try {
      const text = (await transcribe(transport, await recordingToWav(await current.stop()))).trim();
      const before = draft.peek().trim();
      if (text) onDraftChange(before ? `${before} ${text}` : text);
      styled.current?.closest('form')?.querySelector('textarea')?.focus();
    } catch {
      setProblem('transcription');
    }
    setState({ step: 'idle' });
  }

  const strings = mediaStrings();
  const recordingNow = state.step === 'recording';
  const busy = state.step === 'starting' || state.step === 'transcribing';
  const label = recordingNow ? strings.stopRecording : strings.record;
  return (
    <>
      {/* Always in the page, so screen readers hear it change; the ticking time is shown, not read out. */}
      <span
        ref={styled}
        class={recordingNow || state.step === 'transcribing' ? 'dw-recording' : 'dw-visually-hidden'}
        part="recording-status"
        role="status"
      >
        {recordingNow && (
          <>
            <span class="dw-recording-dot" aria-hidden="true" />
            <span aria-hidden="true">
              <Elapsed since={state.since} />
            </span>
            <span class="dw-visually-hidden">{strings.recording('')}</span>
          </>
        )}
        {state.step === 'transcribing' && strings.transcribing}
      </span>
      {problem && (
        <p class="dw-media-problem" part="microphone-problem" role="alert">
          {problemText(problem)}
        </p>
      )}
      <button
        type="button"
        class="dw-icon-button"
        part="microphone"
        aria-label={label}
        title={label}
        aria-pressed={recordingNow ? 'true' : 'false'}
        data-recording={recordingNow ? 'true' : undefined}
        // Not `disabled` while it waits: a disabled button drops keyboard focus on the floor.
        aria-disabled={busy ? 'true' : undefined}
        onClick={() => void (busy ? undefined : recordingNow ? stop() : start())}
      >
        <MediaIcon name={recordingNow ? 'stop' : 'mic'} />
      </button>
    </>
  );
}

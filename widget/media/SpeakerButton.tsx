import type { ReadonlySignal, Signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AnswerState } from '../core/answer.ts';
import { readRecord, type JsonRecord } from '../core/guards.ts';
import { useShadowStyles } from '../ui/lazy-styles.ts';
import mediaCss from './media.css?inline';
import { MediaIcon } from './MediaIcon.tsx';
import { mediaStrings } from './strings.ts';
import { synthesise, type MediaTransport } from './transport.ts';

export interface SpeakerButtonProps {
  /** The question and answer; only an answer asked for in this visit is read out by itself (not history). */
  turn: { id: string; answer: Signal<AnswerState> };
  /** The widget: its transport, and the app's `/parameters`, whose `text_to_speech.autoPlay` may be `enabled`. */
  model: MediaTransport & { app: ReadonlySignal<{ parameters?: JsonRecord } | undefined> };
}

/** Answers already read out by autoplay. */
const readOut = new WeakSet<object>();

/** Only one answer is read out at a time: starting another stops this one. */
let stopPlaying: (() => void) | undefined;

type SpeakerState = 'idle' | 'loading' | 'playing' | 'failed';

/**
 * Reads a finished answer aloud with Dify's text-to-speech (`/text-to-audio` with its `message_id`), in an
 * `<audio>` element; the same button stops it.
 */
export function SpeakerButton({ turn, model: transport }: SpeakerButtonProps) {
  const { answer } = turn;
  // With autoplay on, an answer that arrives now is read out as soon as it is complete.
  const autoPlay = readRecord(transport.app.value?.parameters ?? {}, 'text_to_speech')?.['autoPlay'] === 'enabled';
  const styled = useShadowStyles<HTMLSpanElement>(mediaCss);
  const [state, setState] = useState<SpeakerState>('idle');
  const [source, setSource] = useState<string | undefined>(undefined);
  const audio = useRef<HTMLAudioElement>(null);
  const stopThis = useRef<() => void>(() => undefined);
  const { ending, messageId } = answer.value;
  const complete = ending === 'complete' && messageId !== undefined;

  async function play() {
    if (!messageId) return;
    stopPlaying?.();
    const controller = new AbortController();
    let url: string | undefined;
    const stop = () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
      setSource(undefined);
      setState('idle');
      if (stopPlaying === stop) stopPlaying = undefined;
    };
    stopThis.current = stop;
    stopPlaying = stop;
    setState('loading');
    try {
      const sound = await synthesise(transport, messageId, controller.signal);
      if (controller.signal.aborted) return;
      if (!sound) return stop();
      url = URL.createObjectURL(sound);
      setSource(url);
      setState('playing');
    } catch {
      if (!controller.signal.aborted) setState('failed');
    }
  }

  useEffect(() => {
    if (source) audio.current?.play().catch(() => stopThis.current());
  }, [source]);
  useEffect(() => {
    // Autoplay is for answers asked for now (their turns have local ids until history replaces them, see
    // model/turn.ts), once each: not for history, nor again when the panel reopens.
    if (!complete || !autoPlay || !turn.id.startsWith('local-') || readOut.has(answer)) return;
    readOut.add(answer);
    void play();
  }, [complete]);
  useEffect(() => () => stopThis.current(), []);

  const strings = mediaStrings();
  const active = state === 'loading' || state === 'playing';
  const label = active ? strings.stopReading : strings.readAloud;
  return (
    // The wrapper is there from the start, so its styles are adopted before the button shows.
    <span ref={styled} class="dw-speaker" part="speaker" data-state={state}>
      {complete && (
        <button
          type="button"
          class="dw-icon-button"
          part="read-aloud"
          aria-label={label}
          title={label}
          aria-pressed={active ? 'true' : 'false'}
          onClick={() => (active ? stopThis.current() : void play())}
        >
          <MediaIcon name={active ? 'stop' : 'speaker'} />
        </button>
      )}
      {source && <audio ref={audio} src={source} part="answer-audio" onEnded={() => stopThis.current()} />}
      {state === 'failed' && (
        <span class="dw-media-problem" role="alert">
          {strings.readFailed}
        </span>
      )}
    </span>
  );
}

import type { ReadonlySignal, Signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AnswerState } from '../core/answer.ts';
import { readRecord, type JsonRecord } from '../core/guards.ts';
import { isSettled } from '../core/status.ts';
import { useShadowStyles } from '../ui/lazy-styles.ts';
import mediaCss from './media.css?inline';
import { MediaIcon } from './MediaIcon.tsx';
import { listenForSpeech, speechOf } from './speech.ts';
import { playFromSpeech } from './speech-player.ts';
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
 * Reads an answer aloud in an `<audio>` element; the same button stops it. With the app's autoplay on,
 * Dify streams the speech with the answer (`tts_message`), which plays as it arrives; the button plays
 * that again. Without it (autoplay off, or a Dify or proxy that sends none) the button asks Dify for
 * the finished answer's audio (`/text-to-audio` with its `message_id`).
 */
export function SpeakerButton({ turn, model: transport }: SpeakerButtonProps) {
  const { answer } = turn;
  const autoPlay = readRecord(transport.app.value?.parameters ?? {}, 'text_to_speech')?.['autoPlay'] === 'enabled';
  if (autoPlay) listenForSpeech();
  // Autoplay is for answers asked for now (their turns have local ids until history replaces them, see
  // model/turn.ts). One still streaming when this chunk arrived is heard with its stream; one already
  // over (the chunk came late) is asked for once it is complete, as before.
  const [live] = useState(() => autoPlay && turn.id.startsWith('local-') && !isSettled(answer.peek().status));
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
    let release: () => void = () => undefined;
    const stop = () => {
      controller.abort();
      release();
      setSource(undefined);
      setState('idle');
      if (stopPlaying === stop) stopPlaying = undefined;
    };
    stopThis.current = stop;
    stopPlaying = stop;
    setState('loading');
    const playing = (url: string) => {
      setSource(url);
      setState('playing');
    };
    const heard = speechOf(messageId);
    // The stream brought this answer's speech: no call to Dify.
    if (heard.pieces.length > 0) return void (release = playFromSpeech(heard, playing));
    try {
      const sound = await synthesise(transport, messageId, controller.signal);
      if (controller.signal.aborted) return;
      if (!sound) return stop();
      const url = URL.createObjectURL(sound);
      release = () => URL.revokeObjectURL(url);
      playing(url);
    } catch {
      if (!controller.signal.aborted) setState('failed');
    }
  }

  useEffect(() => {
    if (source) audio.current?.play().catch(() => stopThis.current());
  }, [source]);
  useEffect(() => {
    if (!live || !messageId) return undefined;
    const heard = speechOf(messageId);
    const readOutOnce = () => {
      if (readOut.has(answer)) return;
      // Its first piece starts it; a stream over without any (an older Dify, a proxy that drops the
      // frames) leaves a complete answer to `/text-to-audio`.
      if (heard.pieces.length > 0 || (heard.ended && answer.peek().ending === 'complete')) {
        readOut.add(answer);
        void play();
      }
    };
    heard.listeners.add(readOutOnce);
    readOutOnce();
    return () => void heard.listeners.delete(readOutOnce);
  }, [messageId]);
  useEffect(() => {
    // Once each: not for history, nor again when the panel reopens.
    if (live || !complete || !autoPlay || !turn.id.startsWith('local-') || readOut.has(answer)) return;
    readOut.add(answer);
    void play();
  }, [complete]);
  // The visitor's Stop silences the answer it stopped; leaving the conversation unmounts the button.
  useEffect(() => void (ending === 'aborted' && stopThis.current()), [ending]);
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

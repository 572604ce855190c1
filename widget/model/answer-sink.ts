import type { Signal } from '@preact/signals';
import { reduceAnswer, type AnswerAction, type AnswerState } from '../core/answer.ts';
import { isSettled } from '../core/status.ts';

/** Runs a callback before the next paint (requestAnimationFrame), or soon when there is no frame loop. */
export type FrameScheduler = (callback: () => void) => void;

const nextFrame: FrameScheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

/** Applies reducer actions to an answer signal, publishing at most once per frame while text streams. */
export interface AnswerSink {
  apply(action: AnswerAction): void;
  /** The newest state, including changes not yet published. */
  latest(): AnswerState;
}

/**
 * Streams can deliver hundreds of deltas a second; rendering each one is wasted work. The first
 * delta (time to first token) and every ending are published at once; deltas in between are
 * coalesced into one signal write per frame.
 */
export function createAnswerSink(target: Signal<AnswerState>, schedule: FrameScheduler = nextFrame): AnswerSink {
  let pending: AnswerState | undefined;
  const publish = () => {
    if (pending) target.value = pending;
    pending = undefined;
  };
  return {
    apply(action) {
      const current = pending ?? target.peek();
      const next = reduceAnswer(current, action);
      if (next === current) return;
      if (current.status === 'submitted' || isSettled(next.status)) {
        pending = next;
        publish();
        return;
      }
      const alreadyScheduled = pending !== undefined;
      pending = next;
      if (!alreadyScheduled) schedule(publish);
    },
    latest: () => pending ?? target.peek(),
  };
}

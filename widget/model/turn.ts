import { signal, type Signal } from '@preact/signals';
import { submittedAnswer, type AnswerState } from '../core/answer.ts';
import type { Rating } from '../shared/contract.ts';

/** One question and its answer. The answer is its own signal so only the streaming turn re-renders. */
export interface Turn {
  id: string;
  query: string;
  answer: Signal<AnswerState>;
  rating: Signal<Rating | null>;
  /** Dify file mappings sent with the question (uploaded attachments), again on Retry. */
  files?: readonly Record<string, unknown>[] | undefined;
}

let turnCounter = 0;

/** A turn for a question the visitor is sending now; its id is local until history replaces it. */
export function createTurn(query: string, files?: Turn['files']): Turn {
  turnCounter += 1;
  return { id: `local-${turnCounter}`, query, answer: signal(submittedAnswer()), rating: signal(null), files };
}

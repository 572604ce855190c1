import { useEffect, useState } from 'preact/hooks';
import type { AnswerState } from '../core/answer.ts';
import { ProblemError } from '../core/http.ts';
import type { WidgetModel } from '../model/widget-model.ts';
import type { Rating } from '../shared/contract.ts';
import { keepResult, keptAnswer, keptFrom, readKeptResult } from './kept-result.ts';

/** The result on screen: the latest run's, else the one kept from an earlier visit. */
export interface ShownResult {
  answer: AnswerState | undefined;
  /** What it was generated from (More like this sends them again); undefined: the form's. */
  inputs: Record<string, unknown> | undefined;
  rating: Rating | null;
  rate: (rating: Rating | null) => void;
}

/**
 * The completion result's life beyond the stream: the last completed one is kept for the session user
 * and shown again after a reload; its rating is sent to Dify (`POST /messages/:id/feedbacks`), shown at
 * once and put back when refused.
 */
export function useShownResult(model: WidgetModel): ShownResult {
  const { completion, services } = model;
  const [kept] = useState(() => readKeptResult(services, 'completion'));
  const [rating, setRating] = useState<Rating | null>(kept?.rating ?? null);
  const run = completion.result.value;
  const answer = run ? run.answer.value : kept && keptAnswer(kept);
  const inputs = run ? run.inputs : kept?.inputs;

  // A new run starts unrated; a completed one is kept, with its rating as it changes.
  useEffect(() => {
    if (answer?.status === 'submitted') setRating(null);
    const settled = answer?.ending === 'complete' && keptFrom(answer, rating);
    if (settled) keepResult(services, 'completion', inputs ? { ...settled, inputs } : settled);
  }, [answer?.status, rating]);

  async function rate(next: Rating | null) {
    const messageId = answer?.messageId;
    if (!messageId) return;
    const previous = rating;
    setRating(next);
    try {
      await services.client.postJson(`messages/${encodeURIComponent(messageId)}/feedbacks`, { rating: next });
      services.report.feedback({ messageId, rating: next });
    } catch (error) {
      setRating(previous);
      if (error instanceof ProblemError) services.report.problem(error.problem);
    }
  }

  return { answer, inputs, rating, rate: (next) => void rate(next) };
}

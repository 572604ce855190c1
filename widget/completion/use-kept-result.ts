import { useEffect, useState } from 'preact/hooks';
import { ProblemError } from '../core/http.ts';
import type { WidgetModel } from '../model/widget-model.ts';
import type { Rating } from '../shared/contract.ts';
import { keepResult, keptAnswer, readKeptResult } from './kept-result.ts';

/**
 * The completion result's life beyond the stream: shown again after a reload (the last completed one,
 * for the same session user), and its rating, sent to Dify (`POST /messages/:id/feedbacks`), shown at
 * once and put back when refused.
 */
export function useKeptResult(model: WidgetModel): { rating: Rating | null; rate: (rating: Rating | null) => void } {
  const { completion, services } = model;
  const [rating, setRating] = useState<Rating | null>(null);
  const run = completion.result.value;
  const answer = run?.answer.value;

  useEffect(() => {
    const kept = readKeptResult(services);
    if (!kept || completion.result.peek()) return;
    completion.show(keptAnswer(kept), kept.inputs);
    setRating(kept.rating);
  }, []);

  // A new run starts unrated; a completed one is kept (with its rating as it changes).
  useEffect(() => {
    if (answer?.status === 'submitted') setRating(null);
    if (answer?.ending !== 'complete') return;
    keepResult(services, {
      text: answer.text,
      rating,
      ...(answer.messageId ? { messageId: answer.messageId } : {}),
      ...(run?.inputs ? { inputs: run.inputs } : {}),
    });
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

  return { rating, rate: (next) => void rate(next) };
}

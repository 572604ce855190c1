import { ProblemError } from '../core/http.ts';
import type { ProxyClient } from '../core/proxy-client.ts';
import type { Rating } from '../shared/contract.ts';
import type { Reporter } from './reporting.ts';
import type { Turn } from './turn.ts';

/** Rates an answer (null removes the rating), shown at once and put back if the proxy refuses it. */
export async function rateAnswer(client: ProxyClient, report: Reporter, turn: Turn, rating: Rating | null, reason?: string): Promise<void> {
  const messageId = turn.answer.peek().messageId;
  if (!messageId) return;
  const previous = turn.rating.peek();
  turn.rating.value = rating;
  try {
    await client.postJson(`messages/${encodeURIComponent(messageId)}/feedbacks`, reason ? { rating, content: reason } : { rating });
    report.feedback({ messageId, rating });
  } catch (error) {
    turn.rating.value = previous;
    if (error instanceof ProblemError) report.problem(error.problem);
  }
}

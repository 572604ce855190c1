/** Chooses how a generation behaves from the query text (pure). */
import { cannedAnswer, markdownShowcase } from './answers.ts';
import { chunkFinely, chunkMarkdown, chunkWords } from './chunking.ts';

/** What the simulated model will do. */
export type AnswerPlan =
  | { kind: 'complete'; chunks: string[]; gapMs: number; withSources: boolean }
  | { kind: 'error'; chunks: string[]; gapMs: number; message: string }
  | { kind: 'drop'; chunks: string[]; gapMs: number }
  | { kind: 'stall' };

export interface Pacing {
  chunkDelayMs: number;
  pingIntervalMs: number;
}

/** The message carried by `scenario: error-midstream`. */
export const midstreamErrorMessage =
  '[simulated] Model invocation failed mid-answer: the provider closed the connection.';

const deltasBeforeFailure = 3;

/** Gaps long enough for at least one ping each, capped so the demo's "slow" stays watchable. */
export function slowGapMs(pacing: Pacing): number {
  return Math.max(Math.min(Math.round(pacing.pingIntervalMs * 1.5), 12_000), pacing.chunkDelayMs * 5);
}

/**
 * The plan for a query (the whole query, trimmed): `echo: <text>`, `scenario: slow | error-midstream | drop |
 * stall | markdown`, or a canned answer for anything else. `fallback` supplies the canned text so that
 * completion and workflow apps can answer from their inputs.
 */
export function planAnswer(query: string, pacing: Pacing, fallback: (query: string) => string = cannedAnswer): AnswerPlan {
  const trimmed = query.trim();
  const gapMs = pacing.chunkDelayMs;
  if (trimmed.startsWith('echo:')) {
    const text = trimmed.slice('echo:'.length).replace(/^ /, '');
    return { kind: 'complete', chunks: chunkFinely(text), gapMs, withSources: false };
  }
  switch (trimmed) {
    case 'scenario: markdown':
      return { kind: 'complete', chunks: chunkMarkdown(markdownShowcase), gapMs, withSources: false };
    case 'scenario: slow':
      return {
        kind: 'complete',
        chunks: ['This answer ', 'takes its time: ', 'long pauses ', 'between words.'],
        gapMs: slowGapMs(pacing),
        withSources: false,
      };
    case 'scenario: error-midstream':
      return {
        kind: 'error',
        chunks: chunkWords(cannedAnswer(trimmed)).slice(0, deltasBeforeFailure),
        gapMs,
        message: midstreamErrorMessage,
      };
    case 'scenario: drop':
      return { kind: 'drop', chunks: chunkWords(cannedAnswer(trimmed)).slice(0, deltasBeforeFailure), gapMs };
    case 'scenario: stall':
      return { kind: 'stall' };
    default:
      return { kind: 'complete', chunks: chunkWords(fallback(trimmed)), gapMs, withSources: true };
  }
}

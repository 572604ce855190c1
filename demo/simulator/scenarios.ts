/** Chooses how a generation behaves from the query text (pure). */
import { cannedAnswer, markdownShowcase } from './answers.ts';
import { chunkFinely, chunkMarkdown, chunkWords } from './chunking.ts';

/** What the simulated model will do. */
export type AnswerPlan =
  | ({ kind: 'complete'; withSources: boolean } & Timing)
  | ({ kind: 'error'; message: string } & Timing)
  | ({ kind: 'drop' } & Timing)
  | { kind: 'stall' };

/** The deltas, the pause before each, and the pause before each progress frame (thoughts, nodes). */
interface Timing {
  chunks: string[];
  gapMs: number;
  openingGapMs: number;
}

export interface Pacing {
  chunkDelayMs: number;
  pingIntervalMs: number;
}

/** The message carried by `scenario: error-midstream`. */
const midstreamErrorMessage = '[simulated] Model invocation failed mid-answer: the provider closed the connection.';

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
  const timing = (chunks: string[], gapMs = pacing.chunkDelayMs): Timing => ({ chunks, gapMs, openingGapMs: pacing.chunkDelayMs });
  if (trimmed.startsWith('echo:')) {
    const text = trimmed.slice('echo:'.length).replace(/^ /, '');
    return { kind: 'complete', ...timing(chunkFinely(text)), withSources: false };
  }
  switch (trimmed) {
    case 'scenario: markdown':
      return { kind: 'complete', ...timing(chunkMarkdown(markdownShowcase)), withSources: false };
    case 'scenario: slow':
      return {
        kind: 'complete',
        ...timing(['This answer ', 'takes its time: ', 'long pauses ', 'between words.'], slowGapMs(pacing)),
        withSources: false,
      };
    case 'scenario: error-midstream':
      return {
        kind: 'error',
        ...timing(chunkWords(cannedAnswer(trimmed)).slice(0, deltasBeforeFailure)),
        message: midstreamErrorMessage,
      };
    case 'scenario: drop':
      return { kind: 'drop', ...timing(chunkWords(cannedAnswer(trimmed)).slice(0, deltasBeforeFailure)) };
    case 'scenario: stall':
      return { kind: 'stall' };
    default:
      return { kind: 'complete', ...timing(chunkWords(fallback(trimmed))), withSources: true };
  }
}

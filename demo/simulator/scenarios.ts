/** Chooses how a generation behaves from the query text (pure). */
import { cannedAnswer, markdownShowcase } from './answers.ts';
import { chunkFinely, chunkMarkdown, chunkWords } from './chunking.ts';

/** What the simulated model will do. */
export type AnswerPlan =
  | ({ kind: 'complete'; withSources: boolean; imageFirst: boolean } & Timing)
  | ({ kind: 'error'; message: string; failure: 'model' | 'node' } & Timing)
  | ({ kind: 'drop' } & Timing)
  | ({ kind: 'approval' } & Timing)
  /** An answer from the app's saved replies (annotation reply, §4.2): no model, no sources. */
  | ({ kind: 'annotation' } & Timing)
  | { kind: 'stall' };

/** The deltas, the pause before each, and the pause before each progress frame (thoughts, nodes). */
interface Timing {
  chunks: string[];
  gapMs: number;
  openingGapMs: number;
  /** The pause before the first delta, when it differs from `gapMs`. */
  firstGapMs?: number;
}

export interface Pacing {
  chunkDelayMs: number;
  pingIntervalMs: number;
}

/** The wait between the words of `scenario: hold`. */
const holdGapMs = 30_000;

/** The message carried by `scenario: error-midstream`. */
const midstreamErrorMessage = '[simulated] Model invocation failed mid-answer: the provider closed the connection.';

const deltasBeforeFailure = 3;

/** The capture's failing HTTP Request node (62-chatflow-http-fail-streaming). */
const nodeFailureMessage = '[Errno 111] Connection refused';

/** The caption of `scenario: image-first`, streamed after the image. */
const imageCaption =
  'Here is the picture you asked for: a small square in the simulator colours. ' +
  'The image came first, so every piece of this text arrives as a message_file event carrying answer.';

/** The saved reply `scenario: annotation` is answered with. */
/**
 * What the app's output moderation answers instead (`scenario: moderated`): the model's answer streams, then
 * Dify replaces all of it (§4.4 `message_replace`, §11.1 `text_replace`).
 */
export const moderatedReply = 'This answer was withheld by the app’s content policy.';

/** Whether the query asks for the moderation scenario. */
export const isModerated = (query: string): boolean => query.trim() === 'scenario: moderated';

const savedReply = 'We are open Monday to Friday, 9:00 to 17:00. This reply was written by the app owner and saved in Dify.';

/** Gaps long enough for at least one ping each, capped so the demo's "slow" stays watchable. */
export function slowGapMs(pacing: Pacing): number {
  return Math.max(Math.min(Math.round(pacing.pingIntervalMs * 1.5), 12_000), pacing.chunkDelayMs * 5);
}

/** Who will play the plan: an easy-UI app (a model answers) or a workflow-based app (a graph runs). */
export type Player = 'model' | 'flow';

/**
 * The plan for a query (the whole query, trimmed): `echo: <text>`, `scenario: slow | hold | error-midstream | drop |
 * stall | markdown | image-first | node-fail | approval`, or a canned answer for anything else. `fallback`
 * supplies the canned text so that completion and workflow apps can answer from their inputs. Scenarios one
 * player cannot play become the nearest one it can: a model has no nodes and no human input, and the
 * `message_file` text variant is an easy-UI pipeline's (dify-api.md §4.4).
 */
export function planAnswer(
  query: string,
  pacing: Pacing,
  fallback: (query: string) => string = cannedAnswer,
  player: Player = 'model',
): AnswerPlan {
  const trimmed = query.trim();
  const timing = (chunks: string[], gapMs = pacing.chunkDelayMs): Timing => ({ chunks, gapMs, openingGapMs: pacing.chunkDelayMs });
  const complete = (chunks: string[], withSources = false, imageFirst = false): AnswerPlan => ({
    kind: 'complete',
    ...timing(chunks),
    withSources,
    imageFirst,
  });
  const modelFailure = (): AnswerPlan => ({
    kind: 'error',
    ...timing(chunkWords(cannedAnswer('scenario: error-midstream')).slice(0, deltasBeforeFailure)),
    message: midstreamErrorMessage,
    failure: 'model',
  });
  if (trimmed.startsWith('echo:')) return complete(chunkFinely(trimmed.slice('echo:'.length).replace(/^ /, '')));
  switch (trimmed) {
    case 'scenario: markdown':
      return complete(chunkMarkdown(markdownShowcase));
    case 'scenario: slow':
      return { ...complete([]), ...timing(['This answer ', 'takes its time: ', 'long pauses ', 'between words.'], slowGapMs(pacing)) };
    case 'scenario: hold':
      // The first words at once, the rest only after a long wait (pings meanwhile): a test can stop the
      // answer mid-way however slow its machine, without racing the answer's end.
      return {
        kind: 'complete',
        withSources: false,
        imageFirst: false,
        ...timing(['This answer ', 'waits for you to stop it: ', 'it ends ', 'between words.'], holdGapMs),
        firstGapMs: pacing.chunkDelayMs,
      };
    case 'scenario: error-midstream':
      return modelFailure();
    case 'scenario: node-fail':
      return player === 'flow' ? { kind: 'error', ...timing([]), message: nodeFailureMessage, failure: 'node' } : modelFailure();
    case 'scenario: image-first':
      return complete(chunkWords(imageCaption), false, player === 'model');
    case 'scenario: approval':
      return player === 'flow' ? { kind: 'approval', ...timing([]) } : complete(chunkWords(fallback(trimmed)), true);
    case 'scenario: annotation':
      return { kind: 'annotation', ...timing(chunkWords(savedReply)) };
    case 'scenario: drop':
      return { kind: 'drop', ...timing(chunkWords(cannedAnswer(trimmed)).slice(0, deltasBeforeFailure)) };
    case 'scenario: stall':
      return { kind: 'stall' };
    default:
      return complete(chunkWords(fallback(trimmed)), true);
  }
}

import type { Problem } from '../core/problems.ts';
import type { Strings } from './en.ts';

/**
 * The plain words for a problem, with what to do. Never the server's own text: it names Dify, fields
 * and internals ("query: must be at most 4000 characters") and repeats the sentence; the host page gets
 * it in the `error` event, and a form's refusal shows it where it says what to fix.
 */
export function describeProblem(problem: Problem, strings: Strings): string {
  const words = strings.problems;
  switch (problem.kind) {
    case 'offline':
      return words.offline;
    case 'rate-limited':
      return words.rateLimited(problem.retryAfterSeconds);
    case 'session':
      return words.session;
    case 'forbidden':
      return words.forbidden;
    case 'invalid':
      return words.invalid;
    case 'not-found':
      return words.notFound;
    case 'unavailable':
      return words.unavailable;
    case 'interrupted':
      return words.interrupted;
    case 'run-failed':
      return problem.code === 'workflow_stopped' ? words.runStopped : words.runFailed;
    case 'disconnected':
      return words.disconnected;
    case 'unknown':
      return words.unknown;
  }
}

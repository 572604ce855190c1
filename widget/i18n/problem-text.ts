import type { Problem } from '../core/problems.ts';
import type { Strings } from './en.ts';

/** The plain-words sentence for a problem, with the server's detail where it helps the visitor act. */
export function describeProblem(problem: Problem, strings: Strings): string {
  const words = strings.problems;
  const withDetail = (sentence: string) => (problem.detail ? `${sentence} (${problem.detail})` : sentence);
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
      return withDetail(words.invalid);
    case 'not-found':
      return words.notFound;
    case 'unavailable':
      return words.unavailable;
    case 'interrupted':
      return withDetail(words.interrupted);
    case 'run-failed':
      return withDetail(problem.code === 'workflow_stopped' ? words.runStopped : words.runFailed);
    case 'disconnected':
      return words.disconnected;
    case 'unknown':
      return words.unknown;
  }
}

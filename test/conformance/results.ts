/** The outcome of one cell (check × mode × path), and the record a suite run fills in. */
import type { ModeName } from './modes.ts';
import type { CheckName, PathName } from './plan.ts';

export type Outcome =
  | { readonly kind: 'pass'; readonly note?: string }
  | { readonly kind: 'fail'; readonly reason: string }
  | { readonly kind: 'skip'; readonly reason: string };

export interface CellResult {
  readonly check: CheckName;
  readonly mode: ModeName;
  readonly path: PathName;
  readonly outcome: Outcome;
}

export const pass = (note?: string): Outcome => (note === undefined ? { kind: 'pass' } : { kind: 'pass', note });
export const fail = (reason: string): Outcome => ({ kind: 'fail', reason });
export const skip = (reason: string): Outcome => ({ kind: 'skip', reason });

/** Pass when there are no problems, else fail with all of them. */
export function fromProblems(problems: readonly string[], note?: string): Outcome {
  return problems.length === 0 ? pass(note) : fail(problems.join('; '));
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

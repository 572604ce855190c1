/** The first answer of a run: its framing, its event order and its close (checklist 2–3, 6, 15; §4.3–4.5; §11.1). */
import type { Answer } from './answer.ts';
import type { ModeRun } from './context.ts';
import { closeProblems, framingProblems, orderProblems } from './expect-stream.ts';
import { refusal, startGeneration } from './generate.ts';
import { fail, fromProblems, type Outcome } from './results.ts';

export interface StreamChecks {
  readonly framing: Outcome;
  readonly order: Outcome;
  readonly close: Outcome;
  /** The answer, when there was a stream (later checks need its conversation and message). */
  readonly answer: Answer | undefined;
}

export async function checkStream(run: ModeRun): Promise<StreamChecks> {
  const started = await startGeneration(run, run.queries.quick);
  if (started.kind === 'reply') {
    const refused = fail(refusal(run, started.reply));
    return { framing: refused, order: refused, close: refused, answer: undefined };
  }
  const answer = await started.answer.finish();
  return {
    framing: fromProblems(framingProblems(answer)),
    order: fromProblems(orderProblems(run.mode, answer)),
    close: fromProblems(closeProblems(run.mode, answer)),
    answer,
  };
}

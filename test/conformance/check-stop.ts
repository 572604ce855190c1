/** Stop: start a slow answer, stop it with the task id from its frames, see it end as §5 says. */
import type { AnswerReader } from './answer.ts';
import type { ModeRun } from './context.ts';
import { closeProblems, stoppedProblems } from './expect-stream.ts';
import { envelopeValue, refusal, startGeneration } from './generate.ts';
import { object, text } from './json.ts';
import { successProblem } from './replies.ts';
import { fail, fromProblems, skip, type Outcome } from './results.ts';

export interface StopCheck {
  readonly outcome: Outcome;
  /** The conversation the slow answer started (chat modes), for the paging checks. */
  readonly conversationId: string | undefined;
}

const tooFast = 'the answer was complete before it could be stopped; set DIFY_SLOW_QUERY to a question with a longer answer';

async function stopAndFinish(run: ModeRun, reader: AnswerReader, taskId: string): Promise<Outcome> {
  const stopped = await run.channel.call('POST', run.mode.stopPath(taskId), { body: {} });
  const stopProblem = successProblem('the stop call', stopped);
  const answer = await reader.finish(run.channel.bounds.stopMs);
  const ending = stoppedProblems(run.mode, answer);
  const status = answer.terminal === undefined ? undefined : answer.blocks[answer.terminal];
  if (status?.kind === 'data' && text(object(status.frame, 'data'), 'status') === 'succeeded') return skip(tooFast);
  return fromProblems([
    ...(stopProblem === undefined ? [] : [stopProblem]),
    ...ending,
    ...(ending.length > 0 ? [] : closeProblems(run.mode, answer)),
  ]);
}

export async function checkStop(run: ModeRun): Promise<StopCheck> {
  const started = await startGeneration(run, run.queries.slow);
  if (started.kind === 'reply') return { outcome: fail(refusal(run, started.reply)), conversationId: undefined };
  const reader = started.answer;
  try {
    const wait = await reader.until((frame) => frame['event'] !== 'error' && text(frame, 'task_id') !== undefined);
    const taskId = envelopeValue(reader, 'task_id');
    const conversationId = envelopeValue(reader, 'conversation_id');
    if (wait !== 'found' || taskId === undefined) return { outcome: fail(`no frame named a task_id (${wait})`), conversationId };
    if (reader.ended) return { outcome: skip(tooFast), conversationId };
    return { outcome: await stopAndFinish(run, reader, taskId), conversationId };
  } finally {
    reader.close();
  }
}

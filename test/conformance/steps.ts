/**
 * The checks of one mode on one channel, in the order that needs the fewest generations: the first answer
 * (stream checks) starts conversation A, the stop check's slow answer starts conversation B, a second message
 * continues A; paging, feedback and rename use those; the inputs check and the delete come last.
 */
import type { Answer } from './answer.ts';
import { checkDelete, checkRename, deleteOwnConversations } from './check-conversation.ts';
import { checkFeedback } from './check-feedback.ts';
import { checkInputs } from './check-inputs.ts';
import { checkConversationsPaging, checkMessagesPaging } from './check-paging.ts';
import { checkStop } from './check-stop.ts';
import { checkStream } from './check-stream.ts';
import type { ModeRun } from './context.ts';
import { envelopeValue, generate, requireId } from './generate.ts';
import { checkNames, notApplicable, type CheckName } from './plan.ts';
import { errorText, fail, skip, type Outcome } from './results.ts';

export type Cells = Map<CheckName, Outcome>;

const streamChecks: readonly CheckName[] = ['framing', 'order', 'close'];
const laterChecks = checkNames.filter((check) => !streamChecks.includes(check));

/** Every check starts as "not run" (or not applicable); each step that runs replaces its own. */
export function initialCells(run: Pick<ModeRun, 'mode'>, reason = 'not run: an earlier step failed'): Cells {
  return new Map(
    checkNames.map((check) => {
      const inapplicable = notApplicable(check, run.mode);
      return [check, inapplicable === undefined ? fail(reason) : skip(inapplicable)];
    }),
  );
}

/** Runs one check; an exception (a timeout, a refused request) is that check's failure. */
async function attempt(cells: Cells, check: CheckName, work: () => Promise<Outcome>): Promise<void> {
  if (cells.get(check)?.kind === 'skip') return;
  cells.set(check, await work().catch((error: unknown) => fail(errorText(error))));
}

/** Sets every check still "not run" to why it could not run. */
function block(cells: Cells, checks: readonly CheckName[], reason: string): void {
  for (const check of checks) if (cells.get(check)?.kind === 'fail') cells.set(check, fail(`not run: ${reason}`));
}

async function firstAnswer(run: ModeRun, cells: Cells): Promise<Answer | undefined> {
  const stream = await checkStream(run).catch((error: unknown) => {
    const failed = fail(errorText(error));
    return { framing: failed, order: failed, close: failed, answer: undefined };
  });
  cells.set('framing', stream.framing);
  cells.set('order', stream.order);
  cells.set('close', stream.close);
  return stream.answer;
}

/** A second conversation when the stop check made none (the agent mode has no stop check). */
async function secondConversation(run: ModeRun, fromStop: string | undefined): Promise<string> {
  if (fromStop !== undefined) return fromStop;
  return requireId(await generate(run, run.queries.quick), 'conversation_id');
}

/** Conversation A (two messages) for paging and the rest; an error names what could not be set up. */
async function firstConversation(run: ModeRun, first: Answer): Promise<{ conversationId: string; messageIds: [string, string] }> {
  const conversationId = requireId(first, 'conversation_id');
  const older = requireId(first, 'message_id');
  const second = await generate(run, run.queries.quick, { conversationId });
  return { conversationId, messageIds: [older, requireId(second, 'message_id')] };
}

async function conversationSteps(run: ModeRun, cells: Cells, first: Answer): Promise<void> {
  let fromStop: string | undefined;
  await attempt(cells, 'stop', async () => {
    const stopped = await checkStop(run);
    fromStop = stopped.conversationId;
    return stopped.outcome;
  });
  const conversation = await firstConversation(run, first).catch((error: unknown) => errorText(error));
  if (typeof conversation === 'string') {
    block(cells, laterChecks, `the conversation for it could not be set up: ${conversation}`);
    return;
  }
  const { conversationId, messageIds } = conversation;
  await attempt(cells, 'messages-paging', () => checkMessagesPaging(run, conversationId, messageIds));
  await attempt(cells, 'conversations-paging', async () =>
    checkConversationsPaging(run, [conversationId, await secondConversation(run, fromStop)]),
  );
  await attempt(cells, 'feedback', () => checkFeedback(run, messageIds[0], conversationId));
  await attempt(cells, 'rename', () => checkRename(run, conversationId));
  await attempt(cells, 'inputs', () => checkInputs(run, conversationId));
  await attempt(cells, 'delete', () => checkDelete(run, conversationId));
}

async function oneShotSteps(run: ModeRun, cells: Cells, first: Answer): Promise<void> {
  await attempt(cells, 'stop', async () => (await checkStop(run)).outcome);
  const messageId = envelopeValue(first, 'message_id');
  if (messageId === undefined) block(cells, ['feedback'], 'the first answer named no message_id');
  else await attempt(cells, 'feedback', () => checkFeedback(run, messageId, undefined));
}

/** Runs every check of the mode on the channel; conversations it started are deleted whatever happens. */
export async function runSteps(run: ModeRun): Promise<Cells> {
  const cells = initialCells(run);
  try {
    const first = await firstAnswer(run, cells);
    if (first === undefined) block(cells, laterChecks, 'the first answer failed');
    else if (run.mode.conversations) await conversationSteps(run, cells, first);
    else await oneShotSteps(run, cells, first);
  } finally {
    if (run.mode.conversations) await deleteOwnConversations(run).catch(() => undefined);
  }
  return cells;
}

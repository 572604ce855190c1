/** Feedback (§6.2): a like is recorded and shows on the message (§6.1); rating null removes it. */
import type { ModeRun } from './context.ts';
import { brief, isObject, list, object, text } from './json.ts';
import { errorBody, successProblem } from './replies.ts';
import { fromProblems, type Outcome } from './results.ts';

/** The message's `feedback` as GET /messages shows it: a rating, null, or a problem. */
async function shownRating(run: ModeRun, conversationId: string, messageId: string): Promise<string | null | { problem: string }> {
  const reply = await run.channel.call('GET', '/messages', { query: { conversation_id: conversationId, limit: '20' } });
  const item = (list(reply.json, 'data') ?? []).find((entry) => text(entry, 'id') === messageId);
  if (reply.status !== 200 || !isObject(item))
    return { problem: `GET /messages answered ${reply.status} without the message: ${brief(reply.body)}` };
  if (item['feedback'] === null) return null;
  return text(object(item, 'feedback'), 'rating') ?? { problem: `the message's feedback is ${brief(item['feedback'])}` };
}

async function rate(run: ModeRun, messageId: string, rating: 'like' | null): Promise<string | undefined> {
  const reply = await run.channel.call('POST', `/messages/${messageId}/feedbacks`, { body: { rating } });
  return successProblem(`rating ${String(rating)}`, reply);
}

async function shownProblem(run: ModeRun, conversationId: string, messageId: string, expected: string | null): Promise<string | undefined> {
  const shown = await shownRating(run, conversationId, messageId);
  if (shown !== null && typeof shown === 'object') return shown.problem;
  return shown === expected ? undefined : `after rating ${String(expected)} the message shows ${String(shown)}`;
}

/** Without /messages (completion apps), removing feedback twice tells whether the first removal happened (§6.2). */
async function removedProblem(run: ModeRun, messageId: string): Promise<string | undefined> {
  const reply = await run.channel.call('POST', `/messages/${messageId}/feedbacks`, { body: { rating: null } });
  const error = errorBody(reply.json);
  if (reply.status === 400 && error?.code === 'invalid_param' && error.message === 'rating cannot be None when feedback not exists')
    return undefined;
  return `removing the feedback again answered ${reply.status} ${brief(reply.body)}, so the first removal did not happen`;
}

/** Likes `messageId`, then removes the like; checks each through /messages when the app has conversations. */
export async function checkFeedback(run: ModeRun, messageId: string, conversationId: string | undefined): Promise<Outcome> {
  const problems: (string | undefined)[] = [await rate(run, messageId, 'like')];
  if (conversationId !== undefined) problems.push(await shownProblem(run, conversationId, messageId, 'like'));
  problems.push(await rate(run, messageId, null));
  problems.push(
    conversationId === undefined ? await removedProblem(run, messageId) : await shownProblem(run, conversationId, messageId, null),
  );
  return fromProblems(problems.filter((problem): problem is string => problem !== undefined));
}

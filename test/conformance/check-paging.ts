/** Paging of /messages (§6.1: newest page first, oldest first inside it, first_id) and /conversations (§7.1: last_id). */
import type { ModeRun } from './context.ts';
import { pageOf, pageProblems } from './replies.ts';
import { fromProblems, type Outcome } from './results.ts';

/** `messageIds` are the conversation's two messages, oldest first. */
export async function checkMessagesPaging(run: ModeRun, conversationId: string, messageIds: readonly [string, string]): Promise<Outcome> {
  const [older, newer] = messageIds;
  const get = async (what: string, query: Record<string, string>) =>
    pageOf(what, await run.channel.call('GET', '/messages', { query: { conversation_id: conversationId, ...query } }));
  const whole = await get('GET /messages?limit=20', { limit: '20' });
  const newest = await get('GET /messages?limit=1', { limit: '1' });
  const before = await get('GET /messages?limit=1&first_id', { limit: '1', first_id: newer });
  return fromProblems([
    ...pageProblems('limit=20', whole, { ids: [older, newer], limit: 20, hasMore: false }),
    ...pageProblems('limit=1', newest, { ids: [newer], limit: 1, hasMore: true }),
    ...pageProblems('limit=1 before the newest', before, { ids: [older], limit: 1, hasMore: false }),
  ]);
}

/** `conversationIds` are the run's only two conversations (its user is new), in any order. */
export async function checkConversationsPaging(run: ModeRun, conversationIds: readonly [string, string]): Promise<Outcome> {
  const first = pageOf('GET /conversations?limit=1', await run.channel.call('GET', '/conversations', { query: { limit: '1' } }));
  if (typeof first === 'string') return fromProblems([first]);
  const firstId = first.ids[0] ?? '';
  // Which one comes first depends on updated_at, which both may share to the second: only the split is checked.
  if (!conversationIds.includes(firstId))
    return fromProblems([`limit=1 holds ${firstId || 'nothing'}, not one of the run's conversations`]);
  const other = conversationIds.find((id) => id !== firstId) ?? '';
  const problems = pageProblems('limit=1', first, { ids: [firstId], limit: 1, hasMore: true });
  const query = { limit: '1', last_id: firstId };
  const second = pageOf('GET /conversations?limit=1&last_id', await run.channel.call('GET', '/conversations', { query }));
  problems.push(...pageProblems('limit=1 after the first', second, { ids: [other], limit: 1, hasMore: false }));
  return fromProblems(problems);
}

/** Rename (§7.3) and delete (§7.2) of a conversation the run created. */
import type { ModeRun } from './context.ts';
import { brief, list, text } from './json.ts';
import { errorBody, statusProblem } from './replies.ts';
import { fromProblems, type Outcome } from './results.ts';

const chosenName = 'dify-widget conformance (renamed)';

async function renameProblems(run: ModeRun, conversationId: string, body: Record<string, unknown>, what: string): Promise<string[]> {
  const reply = await run.channel.call('POST', `/conversations/${conversationId}/name`, { body });
  const status = statusProblem(what, reply, 200);
  if (status !== undefined) return [status];
  const problems: string[] = [];
  if (text(reply.json, 'id') !== conversationId) problems.push(`${what} answered another conversation: ${brief(reply.body)}`);
  const name = text(reply.json, 'name');
  if (body['name'] !== undefined && name !== body['name']) problems.push(`${what}: the name is ${brief(name)}`);
  if (name === undefined || name.trim() === '') problems.push(`${what}: no name in ${brief(reply.body)}`);
  return problems;
}

export async function checkRename(run: ModeRun, conversationId: string): Promise<Outcome> {
  const byName = await renameProblems(run, conversationId, { name: chosenName, auto_generate: false }, 'rename by name');
  const generated = await renameProblems(run, conversationId, { auto_generate: true }, 'rename by auto_generate');
  return fromProblems([...byName, ...generated]);
}

/** DELETE answers 204 with no body; the conversation's messages are then 404 not_found. */
export async function checkDelete(run: ModeRun, conversationId: string): Promise<Outcome> {
  const deleted = await run.channel.call('DELETE', `/conversations/${conversationId}`, { body: {} });
  const problems: string[] = [];
  const status = statusProblem('DELETE /conversations/:id', deleted, 204);
  if (status !== undefined) problems.push(status);
  else if (deleted.body !== '') problems.push(`DELETE answered 204 with a body: ${brief(deleted.body)}`);
  const after = await run.channel.call('GET', '/messages', { query: { conversation_id: conversationId } });
  if (after.status !== 404 || errorBody(after.json)?.code !== 'not_found')
    problems.push(`GET /messages after the delete answered ${after.status} ${brief(after.body)}`);
  return fromProblems(problems);
}

/** Deletes every conversation of the run's user, which is new to this run: only what the suite created. */
export async function deleteOwnConversations(run: ModeRun): Promise<void> {
  const listed = await run.channel.call('GET', '/conversations', { query: { limit: '100' } });
  const ids = (list(listed.json, 'data') ?? []).flatMap((item) => text(item, 'id') ?? []);
  for (const id of ids) await run.channel.call('DELETE', `/conversations/${id}`, { body: {} }).catch(() => undefined);
}

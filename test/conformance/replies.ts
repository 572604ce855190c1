/** Reading Dify's JSON answers: the status, the error body (§1.3), list pages (§6.1, §7.1). */
import type { JsonReply } from './http.ts';
import { brief, isObject, list, text, type JsonObject } from './json.ts';

/** A problem when the reply's status is not the expected one. */
export function statusProblem(what: string, reply: JsonReply, status: number): string | undefined {
  return reply.status === status ? undefined : `${what} answered ${reply.status}, not ${status}: ${brief(reply.body)}`;
}

/** `{"result":"success"}` with 200, as feedback and stop answer (§5, §6.2). */
export function successProblem(what: string, reply: JsonReply): string | undefined {
  return (
    statusProblem(what, reply, 200) ?? (text(reply.json, 'result') === 'success' ? undefined : `${what} answered ${brief(reply.body)}`)
  );
}

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly status: number | undefined;
}

/** Dify's error body `{code, message, status}`, or undefined for any other body. */
export function errorBody(value: unknown): ErrorBody | undefined {
  const code = text(value, 'code');
  const message = text(value, 'message');
  if (code === undefined || message === undefined || !isObject(value)) return undefined;
  return { code, message, status: typeof value['status'] === 'number' ? value['status'] : undefined };
}

export interface Page {
  readonly limit: unknown;
  readonly hasMore: unknown;
  readonly items: readonly JsonObject[];
  readonly ids: readonly (string | undefined)[];
}

/** A `{limit, has_more, data}` page, or a problem naming what is wrong with the reply. */
export function pageOf(what: string, reply: JsonReply): Page | string {
  const status = statusProblem(what, reply, 200);
  if (status !== undefined) return status;
  const data = list(reply.json, 'data');
  if (!isObject(reply.json) || data === undefined) return `${what} answered no data list: ${brief(reply.body)}`;
  const items = data.filter(isObject);
  return { limit: reply.json['limit'], hasMore: reply.json['has_more'], items, ids: items.map((item) => text(item, 'id')) };
}

/** Problems when a page (or the problem `pageOf` found instead) is not exactly `ids` with this `limit` and `has_more`. */
export function pageProblems(
  what: string,
  page: Page | string,
  expected: { ids: readonly string[]; limit: number; hasMore: boolean },
): string[] {
  if (typeof page === 'string') return [page];
  const problems: string[] = [];
  if (page.limit !== expected.limit) problems.push(`${what}: limit is ${brief(page.limit)}, not ${expected.limit}`);
  if (page.hasMore !== expected.hasMore) problems.push(`${what}: has_more is ${brief(page.hasMore)}, not ${expected.hasMore}`);
  if (page.ids.join() !== expected.ids.join()) problems.push(`${what}: ids ${brief(page.ids)}, expected ${brief(expected.ids)}`);
  return problems;
}

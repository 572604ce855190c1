import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { isRecord, readBoolean, readNumber, readString } from '../core/guards.ts';
import { ProblemError } from '../core/http.ts';
import type { Problem } from '../core/problems.ts';
import type { ProxyClient } from '../core/proxy-client.ts';

/** One of the visitor's conversations, as `GET /conversations` lists it (dify-api.md §7). */
export interface ConversationSummary {
  id: string;
  /** The first query cut to 20 characters, then the name Dify's model generated, or the visitor's. */
  name: string;
  updatedAt: number;
}

/** The visitor's conversations, newest first, a page at a time, with rename and delete. */
export interface ConversationList {
  items: ReadonlySignal<ConversationSummary[]>;
  hasMore: ReadonlySignal<boolean>;
  loading: ReadonlySignal<boolean>;
  /** Why the last page could not be loaded; cleared when one loads. */
  problem: ReadonlySignal<Problem | undefined>;
  /** Reads the newest page again (new conversations, names Dify generated meanwhile), keeping older pages shown. */
  refresh(): Promise<void>;
  /** The page after the last conversation shown (`last_id` cursor). */
  loadMore(): Promise<void>;
  /** Renames a conversation; a blank name asks Dify to generate one (`auto_generate`). Resolves with the refusal, if any. */
  rename(id: string, name: string): Promise<Problem | undefined>;
  /** Deletes a conversation for good (Dify answers 204). Resolves with the refusal, if any. */
  remove(id: string): Promise<Problem | undefined>;
}

const pageSize = 20;

function readSummary(value: unknown): ConversationSummary | undefined {
  if (!isRecord(value)) return undefined;
  const id = readString(value, 'id');
  if (!id) return undefined;
  return { id, name: readString(value, 'name') ?? '', updatedAt: readNumber(value, 'updated_at') ?? 0 };
}

function readPage(body: unknown): { items: ConversationSummary[]; hasMore: boolean } {
  if (!isRecord(body) || !Array.isArray(body.data)) return { items: [], hasMore: false };
  const items = body.data.map(readSummary).filter((item): item is ConversationSummary => item !== undefined);
  return { items, hasMore: readBoolean(body, 'has_more') ?? false };
}

const problemOf = (error: unknown): Problem =>
  error instanceof ProblemError ? error.problem : { kind: 'unknown', code: 'conversations_failed' };

/** Creates the list for one drawer; nothing is fetched until `refresh`. */
export function createConversationList(client: ProxyClient): ConversationList {
  const items = signal<ConversationSummary[]>([]);
  const hasMore = signal(false);
  const loading = signal(false);
  const problem = signal<Problem | undefined>(undefined);
  // Whether pages after the first are shown: a refresh then keeps them and their `has_more`.
  let pagedOn = false;

  async function fetchPage(lastId?: string) {
    const query: Record<string, string> = { limit: String(pageSize), sort_by: '-updated_at' };
    if (lastId) query.last_id = lastId;
    return readPage(await client.getJson('conversations', query));
  }

  async function load(lastId?: string): Promise<void> {
    loading.value = true;
    try {
      const page = await fetchPage(lastId);
      batch(() => {
        problem.value = undefined;
        if (lastId) {
          const shown = new Set(items.peek().map((item) => item.id));
          items.value = [...items.peek(), ...page.items.filter((item) => !shown.has(item.id))];
          hasMore.value = page.hasMore;
          pagedOn = true;
          return;
        }
        const fresh = new Set(page.items.map((item) => item.id));
        items.value = [...page.items, ...(pagedOn ? items.peek().filter((item) => !fresh.has(item.id)) : [])];
        if (!pagedOn) hasMore.value = page.hasMore;
      });
    } catch (error) {
      problem.value = problemOf(error);
    } finally {
      loading.value = false;
    }
  }

  async function attempt(change: () => Promise<void>): Promise<Problem | undefined> {
    try {
      await change();
      return undefined;
    } catch (error) {
      return problemOf(error);
    }
  }

  return {
    items,
    hasMore,
    loading,
    problem,
    refresh: () => load(),
    async loadMore() {
      const last = items.peek().at(-1);
      if (hasMore.peek() && last && !loading.peek()) await load(last.id);
    },
    rename: (id, name) =>
      attempt(async () => {
        const wanted = name.trim();
        const body = wanted ? { name: wanted, auto_generate: false } : { auto_generate: true };
        const renamed = readSummary(await client.postJson(`conversations/${encodeURIComponent(id)}/name`, body));
        if (renamed) items.value = items.peek().map((item) => (item.id === id ? renamed : item));
      }),
    remove: (id) =>
      attempt(async () => {
        await client.postJson(`conversations/${encodeURIComponent(id)}`, {}, 'DELETE');
        items.value = items.peek().filter((item) => item.id !== id);
      }),
  };
}

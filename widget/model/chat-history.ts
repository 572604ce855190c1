import { batch, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { AnswerState } from '../core/answer.ts';
import { readHistoryPage, type HistoryItem, type HistoryPage } from '../core/history.ts';
import { ProblemError } from '../core/http.ts';
import type { Problem } from '../core/problems.ts';
import type { ProxyClient } from '../core/proxy-client.ts';
import type { Turn } from './turn.ts';

/** What the chat shows of the history before its code has loaded: its signals are the chat's own. */
interface HistoryStatus {
  hasOlder: Signal<boolean>;
  loading: Signal<boolean>;
  /** Why the last page could not be loaded; cleared when a page loads. */
  problem: Signal<Problem | undefined>;
}

export interface ChatHistoryDependencies extends HistoryStatus {
  client: ProxyClient;
  /** The conversation's turns; pages are put in front of them. */
  turns: Signal<Turn[]>;
  conversationId: ReadonlySignal<string | undefined>;
  /** The server no longer has the conversation: forget it and start fresh. */
  onConversationGone: () => void;
}

/** The past messages of the current conversation, read back from `GET /messages` a page at a time. */
export interface ChatHistory {
  /** The newest page (after a reload); resolves with it once shown, or undefined when it could not be loaded. */
  loadLatest(): Promise<HistoryPage | undefined>;
  /** The page before the oldest message shown. */
  loadOlder(): Promise<void>;
  /** Asks again for the page that failed. */
  retry(): Promise<void>;
  /** Forgets paging and drops a page still on its way (New conversation). */
  reset(): void;
}

const pageSize = '20';

function answerFromHistory(item: HistoryItem): AnswerState {
  if (item.failed)
    return {
      status: 'error',
      ending: 'failed',
      text: item.answer,
      problem: { kind: 'interrupted', code: 'message_error', ...(item.errorText ? { detail: item.errorText } : {}) },
    };
  // A paused chatflow message holds the answer so far; its run waits on the forms Dify listed with it.
  return item.pause
    ? { status: 'ready', ending: 'paused', text: item.answer, pause: item.pause }
    : { status: 'ready', ending: 'complete', text: item.answer };
}

function turnFromHistory(item: HistoryItem): Turn {
  const answer = answerFromHistory(item);
  answer.messageId = item.messageId;
  if (item.conversationId) answer.conversationId = item.conversationId;
  if (item.metadata) answer.metadata = item.metadata;
  return { id: item.messageId, query: item.query, answer: signal(answer), rating: signal(item.rating) };
}

/** Creates the history of one chat model. */
export function createChatHistory(dependencies: ChatHistoryDependencies): ChatHistory {
  const { client, turns, conversationId, hasOlder, loading, problem } = dependencies;
  // The `first_id` of the page that failed (undefined: the newest page), for retry.
  let failedFirstId: string | undefined;
  // Bumped by reset so a page that arrives afterwards is dropped.
  let generation = 0;

  async function loadPage(firstId?: string): Promise<HistoryPage | undefined> {
    const id = conversationId.peek();
    if (!id || loading.peek()) return undefined;
    const started = generation;
    loading.value = true;
    problem.value = undefined;
    try {
      const query: Record<string, string> = { conversation_id: id, limit: pageSize };
      if (firstId) query.first_id = firstId;
      const page = readHistoryPage(await client.getJson('messages', query));
      if (started !== generation) return undefined;
      // A retried newest page can hold answers the visitor received meanwhile: show each once.
      const shown = new Set(turns.peek().map((turn) => turn.answer.peek().messageId));
      batch(() => {
        turns.value = [...page.items.filter((item) => !shown.has(item.messageId)).map(turnFromHistory), ...turns.peek()];
        hasOlder.value = page.hasMore;
      });
      return page;
    } catch (error) {
      if (started !== generation) return undefined;
      const cause = error instanceof ProblemError ? error.problem : undefined;
      if (cause?.kind === 'not-found' && !firstId) dependencies.onConversationGone();
      else {
        failedFirstId = firstId;
        problem.value = cause ?? { kind: 'unknown', code: 'history_failed' };
      }
      return undefined;
    } finally {
      if (started === generation) loading.value = false;
    }
  }

  return {
    loadLatest: () => loadPage(),
    async loadOlder() {
      const oldest = turns.peek()[0]?.answer.peek().messageId;
      if (hasOlder.peek() && oldest) await loadPage(oldest);
    },
    async retry() {
      if (problem.peek()) await loadPage(failedFirstId);
    },
    reset() {
      generation += 1;
      batch(() => {
        hasOlder.value = false;
        loading.value = false;
        problem.value = undefined;
      });
    },
  };
}

import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import { submittedAnswer } from '../core/answer.ts';
import { ProblemError } from '../core/http.ts';
import type { StateStore } from '../core/persisted-state.ts';
import type { Problem, ProblemKind } from '../core/problems.ts';
import type { ProxyClient } from '../core/proxy-client.ts';
import type { SessionKeeper } from '../core/session.ts';
import type { AnswerStatus } from '../core/status.ts';
import type { Rating } from '../shared/contract.ts';
import { startAnswer, type AnswerRun } from './answer-run.ts';
import type { FrameScheduler } from './answer-sink.ts';
import { createChatHistory } from './chat-history.ts';
import type { Reporter } from './reporting.ts';
import { createTurn, type Turn } from './turn.ts';

/**
 * What became of a message. `sent`: it went out and its answer has ended (however it ended).
 * `needs-input`: the app's form must be filled first (the issues are recorded for the form to show).
 * `unavailable`: nothing was sent: there is no text, an answer is still streaming, or the app is not
 * a chat (or did not load).
 */
export type SendOutcome = 'sent' | 'needs-input' | 'unavailable';

export interface ChatModelDependencies {
  client: ProxyClient;
  state: StateStore;
  sessions: SessionKeeper;
  report: Reporter;
  /** The `inputs` body for a message (Dify only reads it when a conversation starts). */
  inputs: () => Record<string, unknown>;
  /** Validates the app's form and records its issues; false when the visitor must fix it first. */
  checkInputs: () => boolean;
  schedule?: FrameScheduler | undefined;
}

/** Conversation state and the actions that change it; components read the signals and call the actions. */
export interface ChatModel {
  turns: ReadonlySignal<Turn[]>;
  conversationId: ReadonlySignal<string | undefined>;
  status: ReadonlySignal<AnswerStatus>;
  busy: ReadonlySignal<boolean>;
  hasOlder: ReadonlySignal<boolean>;
  historyLoading: ReadonlySignal<boolean>;
  /** Why past messages could not be loaded (offer `retryHistory`). */
  historyProblem: ReadonlySignal<Problem | undefined>;
  /** Sends a message and resolves once its answer has ended. */
  send(text: string): Promise<SendOutcome>;
  stop(): void;
  retry(): Promise<void>;
  newConversation(): void;
  restore(): Promise<void>;
  loadOlder(): Promise<void>;
  retryHistory(): Promise<void>;
  rate(turn: Turn, rating: Rating | null): Promise<void>;
}

/** Creates the chat model for one widget instance. */
export function createChatModel(dependencies: ChatModelDependencies): ChatModel {
  const { client, state, sessions, report } = dependencies;
  const turns = signal<Turn[]>([]);
  const conversationId = signal<string | undefined>(undefined);
  const history = createChatHistory({ client, turns, conversationId, onConversationGone: () => rememberConversation(undefined) });
  const status = computed<AnswerStatus>(() => turns.value.at(-1)?.answer.value.status ?? 'ready');
  const busy = computed(() => status.value === 'submitted' || status.value === 'streaming');
  let current: AnswerRun | undefined;
  // Bumped by newConversation so a running answer's late frames cannot bring the old conversation back.
  let generation = 0;

  function rememberConversation(id: string | undefined, user?: string) {
    conversationId.value = id;
    state.update(({ conversation: _previous, ...rest }) => (id && user ? { ...rest, conversation: { id, user } } : rest));
  }

  /** Streams one answer to `turn`, in the conversation `continuing` (a new one when undefined). */
  function streamAnswer(turn: Turn, continuing: string | undefined, holdBack?: ProblemKind): AnswerRun {
    const startedIn = generation;
    let user: string | undefined;
    current = startAnswer({
      target: turn.answer,
      report,
      schedule: dependencies.schedule,
      holdBack,
      async open(abortSignal) {
        // The session user the conversation will belong to (renewing the session may take a while).
        user = (await sessions.current().catch(() => undefined))?.user;
        const body = { query: turn.query, inputs: dependencies.inputs(), ...(continuing ? { conversation_id: continuing } : {}) };
        return client.openStream('chat-messages', body, abortSignal);
      },
      onUpdate({ conversationId: id }) {
        // After "New conversation" this run's late frames must not bring the old conversation back.
        if (id && id !== conversationId.peek() && startedIn === generation) rememberConversation(id, user);
      },
    });
    return current;
  }

  /** Answers `turn` in the current conversation, or in a fresh one when the stored one is gone. */
  async function answerTurn(turn: Turn): Promise<void> {
    const startedIn = generation;
    const continuing = conversationId.peek();
    // The stored conversation can be gone upstream (deleted, or made by an older session): its 404 is held back.
    const ending = await streamAnswer(turn, continuing, continuing ? 'not-found' : undefined).done;
    if (ending !== 'held-back' || startedIn !== generation) return;
    // Start a new conversation, once, without ever showing or announcing the refusal.
    rememberConversation(undefined);
    await streamAnswer(turn, undefined).done;
  }

  return {
    turns,
    conversationId,
    status,
    busy,
    hasOlder: history.hasOlder,
    historyLoading: history.loading,
    historyProblem: history.problem,
    async send(text) {
      // Dify reads `inputs` only when a conversation starts, so only the first message needs the form.
      if (!conversationId.peek() && !dependencies.checkInputs()) return 'needs-input';
      const query = text.trim();
      if (!query || busy.peek()) return 'unavailable';
      const turn = createTurn(query);
      turns.value = [...turns.peek(), turn];
      report.message({ role: 'user', text: query, ...(conversationId.peek() ? { conversationId: conversationId.peek() } : {}) });
      await answerTurn(turn);
      return 'sent';
    },
    stop() {
      current?.stop();
    },
    async retry() {
      const last = turns.peek().at(-1);
      if (!last || last.answer.peek().status !== 'error') return;
      last.answer.value = submittedAnswer();
      await answerTurn(last);
    },
    newConversation() {
      current?.stop();
      current = undefined;
      generation += 1;
      batch(() => {
        turns.value = [];
        history.reset();
        rememberConversation(undefined);
      });
    },
    async restore() {
      if (conversationId.peek() || turns.peek().length > 0) return;
      const stored = state.read().conversation;
      if (!stored) return;
      const session = await sessions.current().catch(() => undefined);
      // A conversation belongs to the Dify user that made it; after identify/logout it is not ours.
      if (!session || session.user !== stored.user) {
        rememberConversation(undefined);
        return;
      }
      conversationId.value = stored.id;
      await history.loadLatest();
    },
    loadOlder: history.loadOlder,
    retryHistory: history.retry,
    async rate(turn, rating) {
      const messageId = turn.answer.peek().messageId;
      if (!messageId) return;
      const previous = turn.rating.peek();
      turn.rating.value = rating;
      try {
        await client.postJson(`messages/${encodeURIComponent(messageId)}/feedbacks`, { rating });
        report.feedback({ messageId, rating });
      } catch (error) {
        turn.rating.value = previous;
        if (error instanceof ProblemError) report.problem(error.problem);
      }
    },
  };
}

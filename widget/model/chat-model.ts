import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { submittedAnswer, type AnswerState } from '../core/answer.ts';
import { runAnswerStream } from '../core/answer-stream.ts';
import { ProblemError } from '../core/http.ts';
import type { StateStore } from '../core/persisted-state.ts';
import type { Problem } from '../core/problems.ts';
import type { ProxyClient } from '../core/proxy-client.ts';
import type { SessionKeeper } from '../core/session.ts';
import { isSettled, type AnswerStatus } from '../core/status.ts';
import type { Rating } from '../shared/contract.ts';
import { createAnswerSink, type FrameScheduler } from './answer-sink.ts';
import { createChatHistory } from './chat-history.ts';
import { reportAnswer, type Reporter } from './reporting.ts';

/** One question and its answer. The answer is its own signal so only the streaming turn re-renders. */
export interface Turn {
  id: string;
  query: string;
  answer: Signal<AnswerState>;
  rating: Signal<Rating | null>;
}

export interface ChatModelDependencies {
  client: ProxyClient;
  state: StateStore;
  sessions: SessionKeeper;
  report: Reporter;
  /** The `inputs` body for a message (Dify only reads it when a conversation starts). */
  inputs: () => Record<string, unknown>;
  schedule?: FrameScheduler;
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
  send(text: string): Promise<boolean>;
  stop(): void;
  retry(): Promise<void>;
  newConversation(): void;
  restore(): Promise<void>;
  loadOlder(): Promise<void>;
  retryHistory(): Promise<void>;
  rate(turn: Turn, rating: Rating | null): Promise<void>;
}

let turnCounter = 0;

/** Creates the chat model for one widget instance. */
export function createChatModel(dependencies: ChatModelDependencies): ChatModel {
  const { client, state, sessions, report } = dependencies;
  const turns = signal<Turn[]>([]);
  const conversationId = signal<string | undefined>(undefined);
  const history = createChatHistory({ client, turns, conversationId, onConversationGone: () => rememberConversation(undefined) });
  const status = computed<AnswerStatus>(() => turns.value.at(-1)?.answer.value.status ?? 'ready');
  const busy = computed(() => status.value === 'submitted' || status.value === 'streaming');
  let controller: AbortController | undefined;
  // Bumped by newConversation so a running answer's late frames cannot bring the old conversation back.
  let generation = 0;

  function rememberConversation(id: string | undefined, user?: string) {
    conversationId.value = id;
    state.update(({ conversation: _previous, ...rest }) => (id && user ? { ...rest, conversation: { id, user } } : rest));
  }

  async function run(turn: Turn, allowFreshStart = true): Promise<void> {
    // Taken before the first await: Stop or New conversation while the session is being renewed
    // must cancel this answer too (an aborted signal makes fetch fail before anything is sent).
    const ownController = new AbortController();
    const runGeneration = generation;
    controller = ownController;
    const session = await sessions.current().catch(() => undefined);
    const body: Record<string, unknown> = { query: turn.query, inputs: dependencies.inputs() };
    const continuing = conversationId.peek();
    if (continuing) body.conversation_id = continuing;
    const sink = createAnswerSink(turn.answer, dependencies.schedule);
    let conversationGone = false;
    let reported = false;
    await runAnswerStream(
      (abortSignal) => client.openStream('chat-messages', body, abortSignal),
      ownController.signal,
      (action) => {
        // The stored conversation was deleted upstream (or belongs to an older session): start a new
        // one, once, without ever showing or announcing the refusal.
        if (allowFreshStart && continuing && action.type === 'failed' && action.problem.kind === 'not-found' && runGeneration === generation) {
          conversationGone = true;
          return;
        }
        sink.apply(action);
        const latest = sink.latest();
        // After "New conversation" this run's late frames must not bring the old conversation back.
        if (latest.conversationId && latest.conversationId !== conversationId.peek() && runGeneration === generation) rememberConversation(latest.conversationId, session?.user);
        // Report the moment the answer settles, so host listeners see events in the order they happen.
        if (!reported && isSettled(latest.status)) {
          reported = true;
          reportAnswer(report, latest);
        }
      },
      () => isSettled(sink.latest().status),
    );
    if (controller === ownController) controller = undefined;
    if (conversationGone) {
      rememberConversation(undefined);
      return run(turn, false);
    }
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
      const query = text.trim();
      if (!query || busy.peek()) return false;
      const turn: Turn = { id: `local-${(turnCounter += 1)}`, query, answer: signal(submittedAnswer()), rating: signal(null) };
      turns.value = [...turns.peek(), turn];
      report.message({ role: 'user', text: query, ...(conversationId.peek() ? { conversationId: conversationId.peek() } : {}) });
      await run(turn);
      return true;
    },
    stop() {
      controller?.abort();
    },
    async retry() {
      const last = turns.peek().at(-1);
      if (!last || last.answer.peek().status !== 'error') return;
      last.answer.value = submittedAnswer();
      await run(last);
    },
    newConversation() {
      controller?.abort();
      controller = undefined;
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

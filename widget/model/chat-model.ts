import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import { resumedAnswer, submittedAnswer } from '../core/answer.ts';
import type { DifyEvent } from '../core/dify-events.ts';
import { ProblemError } from '../core/http.ts';
import type { HumanInputForm } from '../core/human-input.ts';
import type { StateStore, StoredConversation } from '../core/persisted-state.ts';
import type { Problem, ProblemKind } from '../core/problems.ts';
import type { ProxyClient } from '../core/proxy-client.ts';
import type { SessionKeeper } from '../core/session.ts';
import { isSettled, type AnswerStatus } from '../core/status.ts';
import type { Rating } from '../shared/contract.ts';
import { startAnswer, type AnswerRun } from './answer-run.ts';
import type { FrameScheduler } from './answer-sink.ts';
import { createChatHistory } from './chat-history.ts';
import { saveConversation, savePause } from './conversation-record.ts';
import { inputsOfConversation, restorePause } from './conversation-restore.ts';
import { answerForm, type FormReply } from './human-input-run.ts';
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
  /**
   * The `inputs` body for a message: from the app's form for a new conversation, or from the
   * conversation's own inputs (`conversation`) for a later message, since Dify checks them on every one.
   */
  inputs: (conversation: Record<string, unknown> | undefined) => Record<string, unknown>;
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
  /**
   * Answers a form of the paused answer in `turn` and follows the run it resumes into the same turn;
   * resolves once that answer has ended. A refused answer resolves with its problem, for the form to
   * show (a form Dify says is answered, expired or gone is closed in the turn as well).
   */
  answerForm(turn: Turn, form: HumanInputForm, reply: FormReply): Promise<Problem | undefined>;
}

/** What a conversation started by a run is remembered with, learnt while its stream opens. */
interface RunContext {
  user?: string | undefined;
  inputs?: Record<string, unknown>;
}

type OpenRun = (signal: AbortSignal, context: RunContext) => Promise<ReadableStream<DifyEvent>>;

/** Creates the chat model for one widget instance. */
export function createChatModel(dependencies: ChatModelDependencies): ChatModel {
  const { client, state, sessions, report } = dependencies;
  const turns = signal<Turn[]>([]);
  const conversationId = signal<string | undefined>(undefined);
  const history = createChatHistory({ client, turns, conversationId, onConversationGone: () => rememberConversation(undefined) });
  const status = computed<AnswerStatus>(() => turns.value.at(-1)?.answer.value.status ?? 'ready');
  const busy = computed(() => status.value === 'submitted' || status.value === 'streaming');
  let current: AnswerRun | undefined;
  // The inputs the conversation's messages are sent with (undefined: not known, use the form's).
  let conversationInputs: Record<string, unknown> | undefined;
  // Bumped by newConversation so a running answer's late frames cannot bring the old conversation back.
  let generation = 0;

  function rememberConversation(id: string | undefined, context: RunContext = {}) {
    conversationId.value = id;
    conversationInputs = id ? context.inputs : undefined;
    const { user, inputs } = context;
    saveConversation(state, id && user ? { id, user, ...(inputs ? { inputs } : {}) } : undefined);
  }

  /** Streams one answer into `turn`; its frames tell the conversation it belongs to and whether it paused. */
  function streamAnswer(turn: Turn, open: OpenRun, holdBack?: ProblemKind): AnswerRun {
    const startedIn = generation;
    const context: RunContext = {};
    current = startAnswer({
      target: turn.answer,
      report,
      schedule: dependencies.schedule,
      holdBack,
      open: (abortSignal) => open(abortSignal, context),
      onUpdate(latest) {
        // After "New conversation" this run's late frames must not bring the old conversation back.
        if (startedIn !== generation) return;
        if (latest.conversationId && latest.conversationId !== conversationId.peek()) rememberConversation(latest.conversationId, context);
        if (isSettled(latest.status)) savePause(state, latest);
      },
    });
    return current;
  }

  /** Sends `turn`'s query in the conversation `continuing` (a new one when undefined) with `inputs`. */
  function sendQuery(turn: Turn, continuing: string | undefined, inputs: Record<string, unknown>, holdBack?: ProblemKind) {
    return streamAnswer(
      turn,
      async (abortSignal, context) => {
        // The session user the conversation will belong to (renewing the session may take a while).
        context.user = (await sessions.current().catch(() => undefined))?.user;
        context.inputs = inputs;
        const body = { query: turn.query, inputs, ...(continuing ? { conversation_id: continuing } : {}) };
        return client.openStream('chat-messages', body, abortSignal);
      },
      holdBack,
    );
  }

  /** Answers `turn` in the current conversation, or in a fresh one when the stored one is gone. */
  async function answerTurn(turn: Turn): Promise<void> {
    const startedIn = generation;
    const continuing = conversationId.peek();
    const inputs = dependencies.inputs(continuing ? conversationInputs : undefined);
    // The stored conversation can be gone upstream (deleted, or made by an older session): its 404 is held back.
    const ending = await sendQuery(turn, continuing, inputs, continuing ? 'not-found' : undefined).done;
    if (ending !== 'held-back' || startedIn !== generation) return;
    // Start a new conversation, once, with the same inputs, without ever showing or announcing the refusal.
    rememberConversation(undefined);
    await sendQuery(turn, undefined, inputs).done;
  }

  async function replyToForm(turn: Turn, form: HumanInputForm, reply: FormReply): Promise<Problem | undefined> {
    if (busy.peek()) return undefined;
    const startedIn = generation;
    const answered = await answerForm(client, turn.answer.peek(), form, reply);
    if ('problem' in answered) {
      if (answered.closedAnswer) turn.answer.value = answered.closedAnswer;
      return answered.problem;
    }
    if (startedIn !== generation) return void answered.cancel();
    turn.answer.value = resumedAnswer(turn.answer.peek());
    await streamAnswer(turn, answered.open).done;
    return undefined;
  }

  /** After a reload: the conversation's inputs, and the forms its last answer still waits on. */
  async function reopen(stored: StoredConversation): Promise<void> {
    const page = await history.loadLatest();
    if (conversationId.peek() !== stored.id) return;
    conversationInputs = stored.inputs ?? (await inputsOfConversation(client, stored.id, page));
    if (conversationInputs && !stored.inputs) rememberConversation(stored.id, { user: stored.user, inputs: conversationInputs });
    const last = turns.peek().at(-1);
    if (last) savePause(state, await restorePause(client, last, stored.pause));
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
      // The form is filled once, for the first message; later ones send the conversation's inputs again.
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
    answerForm: replyToForm,
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
      await reopen(stored);
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

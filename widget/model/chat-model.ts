import { batch, computed, signal } from '@preact/signals';
import { resumedAnswer, submittedAnswer } from '../core/answer.ts';
import type { DifyEvent } from '../core/dify-events.ts';
import type { HumanInputForm } from '../human-input/read-form.ts';
import type { StoredConversation } from '../core/persisted-state.ts';
import type { Problem, ProblemKind } from '../core/problems.ts';
import { isSettled, type AnswerStatus } from '../core/status.ts';
import { startAnswer, type AnswerRun } from './answer-run.ts';
import type { ChatHistory } from './chat-history.ts';
import { saveConversation, savePause } from './conversation-record.ts';
import type { FormReply } from '../human-input/form-run.ts';
import type { ChatModel, ChatModelDependencies } from './chat-types.ts';
import { rateAnswer } from './feedback.ts';
import { createTurn, type Turn } from './turn.ts';

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
  const historyStatus = { hasOlder: signal(false), loading: signal(false), problem: signal<Problem | undefined>(undefined) };
  let history: ChatHistory | undefined;
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
        const body = { query: turn.query, inputs, files: turn.files, ...(continuing ? { conversation_id: continuing } : {}) };
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
    // Answering a paused chatflow's form is rare: its code comes with the forms' own chunk.
    const { answerForm } = await import('../human-input/form-run.ts');
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

  /** After a reload: the conversation's past messages, its inputs, and the forms its last answer still waits on. */
  async function reopen(stored: StoredConversation): Promise<void> {
    const past = await import('./past-conversation.ts');
    history ??= past.createChatHistory({
      client,
      turns,
      conversationId,
      ...historyStatus,
      onConversationGone: () => rememberConversation(undefined),
    });
    if (conversationId.peek() !== stored.id) return;
    const page = await history.loadLatest();
    if (conversationId.peek() !== stored.id) return;
    conversationInputs = stored.inputs ?? (await past.inputsOfConversation(client, stored.id, page));
    if (conversationInputs && !stored.inputs) rememberConversation(stored.id, { user: stored.user, inputs: conversationInputs });
    const last = turns.peek().at(-1);
    if (last) savePause(state, await past.restorePause(client, last, stored.pause));
  }

  return {
    turns,
    conversationId,
    status,
    busy,
    hasOlder: historyStatus.hasOlder,
    historyLoading: historyStatus.loading,
    historyProblem: historyStatus.problem,
    async send(text, files) {
      // The form is filled once, for the first message; later ones send the conversation's inputs again.
      if (!conversationId.peek() && !dependencies.checkInputs()) return 'needs-input';
      const query = text.trim();
      if (!query || busy.peek()) return 'unavailable';
      const turn = createTurn(query, files);
      turns.value = [...turns.peek(), turn];
      report.message({ role: 'user', text: query, ...(conversationId.peek() ? { conversationId: conversationId.peek() } : {}) });
      await answerTurn(turn);
      // Refused before any answer (HTTP 400/413: too long, a missing input): sending it again as is cannot
      // help, so the visitor gets the text back to change.
      return turn.answer.peek().problem?.kind === 'invalid' ? 'refused' : 'sent';
    },
    stop() {
      current?.stop();
    },
    async retry() {
      // Also Regenerate: the Service API has no parent_message_id (dify-api.md §4.1), so a new answer is
      // the same query sent again in the conversation.
      const last = turns.peek().at(-1);
      if (!last || busy.peek()) return;
      batch(() => {
        last.answer.value = submittedAnswer();
        last.rating.value = null;
      });
      await answerTurn(last);
    },
    answerForm: replyToForm,
    newConversation() {
      current?.stop();
      current = undefined;
      generation += 1;
      const putAside = state.read().conversation;
      batch(() => {
        turns.value = [];
        history?.reset();
        rememberConversation(undefined);
      });
      return putAside;
    },
    async restore(stored = state.read().conversation) {
      if (conversationId.peek() || turns.peek().length > 0 || !stored) return;
      const session = await sessions.current().catch(() => undefined);
      // A conversation belongs to the Dify user that made it; after identify/logout it is not ours.
      if (!session || session.user !== stored.user) {
        rememberConversation(undefined);
        return;
      }
      conversationId.value = stored.id;
      // Undo of New conversation brings back one the store has forgotten.
      saveConversation(state, stored);
      await reopen(stored);
    },
    loadOlder: async () => history?.loadOlder(),
    retryHistory: async () => history?.retry(),
    rate: (turn, rating, reason) => rateAnswer(client, report, turn, rating, reason),
    suggested: (messageId) => client.getJson(`messages/${encodeURIComponent(messageId)}/suggested`),
  };
}

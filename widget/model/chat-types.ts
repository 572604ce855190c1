import type { ReadonlySignal } from '@preact/signals';
import type { HumanInputForm } from '../human-input/read-form.ts';
import type { StateStore, StoredConversation } from '../core/persisted-state.ts';
import type { Problem } from '../core/problems.ts';
import type { ProxyClient } from '../core/proxy-client.ts';
import type { SessionKeeper } from '../core/session.ts';
import type { AnswerStatus } from '../core/status.ts';
import type { Rating } from '../shared/contract.ts';
import type { FrameScheduler } from './answer-sink.ts';
import type { FormReply } from '../human-input/form-run.ts';
import type { Reporter } from './reporting.ts';
import type { Turn } from './turn.ts';

/**
 * What became of a message. `sent`: it went out and its answer has ended (however it ended).
 * `needs-input`: the app's form must be filled first (the issues are recorded for the form to show).
 * `unavailable`: nothing was sent: there is no text, an answer is still streaming, or the app is not
 * a chat (or did not load). `refused`: the proxy or Dify refused it before answering (e.g. too long):
 * the turn shows why, and the composer gives the text back.
 */
export type SendOutcome = 'sent' | 'needs-input' | 'unavailable' | 'refused';

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
  /** Sends a message (with uploaded files as Dify file mappings) and resolves once its answer has ended. */
  send(text: string, files?: Turn['files']): Promise<SendOutcome>;
  stop(): void;
  /** A new answer to the last question, in the same conversation: Retry after a failure, Regenerate after an answer. */
  retry(): Promise<void>;
  /** Starts afresh; returns the conversation it put aside (for Undo), if it had one. */
  newConversation(): StoredConversation | undefined;
  /** Reopens the stored conversation (after a reload), or `stored` (Undo of New conversation), with its messages. */
  restore(stored?: StoredConversation): Promise<void>;
  loadOlder(): Promise<void>;
  retryHistory(): Promise<void>;
  /** Rates an answer; `reason` is the visitor's optional words with it (Dify's feedback `content`). */
  rate(turn: Turn, rating: Rating | null, reason?: string): Promise<void>;
  /** The app's follow-up questions for an answer (`GET /messages/:id/suggested`), unread. */
  suggested(messageId: string): Promise<unknown>;
  /**
   * Answers a form of the paused answer in `turn` and follows the run it resumes into the same turn;
   * resolves once that answer has ended. A refused answer resolves with its problem, for the form to
   * show (a form Dify says is answered, expired or gone is closed in the turn as well).
   */
  answerForm(turn: Turn, form: HumanInputForm, reply: FormReply): Promise<Problem | undefined>;
}

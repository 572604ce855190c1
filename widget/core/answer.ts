import type { DifyAudioEvent, DifyEvent, DifyProgressEvent } from './dify-events.ts';
import type { JsonRecord } from './guards.ts';
import { problemFromRunStatus, problemFromStreamError, type Problem } from './problems.ts';
import { isSettled, nextStatus, type AnswerEnding, type AnswerStatus } from './status.ts';

/**
 * A paused run: the id to follow it with, and the forms it waits on in Dify's shape (a
 * `human_input_required` data, a pause reason, a `/messages` form definition, plus `closed` once Dify
 * says so). The lazily loaded forms (widget/human-input/) narrow them: the open chat carries no form code.
 */
export interface RunPause {
  runId: string;
  forms: JsonRecord[];
}

/** Everything the UI knows about one assistant answer. Pure data: the reducer makes every change. */
export interface AnswerState {
  status: AnswerStatus;
  ending?: AnswerEnding;
  text: string;
  messageId?: string;
  taskId?: string;
  conversationId?: string;
  /** Set when output moderation replaced the text (`message_replace`). */
  replacedBecause?: string;
  /** Set when status is `error`. */
  problem?: Problem;
  /** `message_end` metadata (usage, retriever_resources) for later features such as citations. */
  metadata?: JsonRecord;
  /** The run waits on these forms; gathered from `human_input_required`, shown once `ending` is `paused`. */
  pause?: RunPause;
  /** Agent thoughts, tool files and chatflow steps in arrival order, for the steps view (widget/steps/). */
  progress?: DifyProgressEvent[];
}

/** The events that change an answer: all but its speech, which never enters the state (answer-run.ts). */
export type AnswerEvent = Exclude<DifyEvent, DifyAudioEvent>;

/** What can happen to an answer: a Dify event, or one of the transport's endings. */
export type AnswerAction =
  { type: 'event'; event: AnswerEvent } | { type: 'aborted' } | { type: 'disconnected' } | { type: 'failed'; problem: Problem };

/** A new answer, just sent. */
export function submittedAnswer(): AnswerState {
  return { status: 'submitted', text: '' };
}

function withIds(state: AnswerState, event: AnswerEvent): AnswerState {
  const next = { ...state };
  if (event.messageId) next.messageId = event.messageId;
  if (event.taskId) next.taskId = event.taskId;
  if (event.conversationId) next.conversationId = event.conversationId;
  return next;
}

/**
 * A paused answer, opened again for the run that continues it after the visitor answered its form:
 * the text so far and the ids stay, new deltas are appended to them.
 */
export function resumedAnswer(paused: AnswerState): AnswerState {
  const { ending: _ending, pause: _pause, ...rest } = paused;
  return { ...rest, status: 'submitted' };
}

function pausedOn(state: AnswerState, event: Extract<AnswerEvent, { type: 'workflow_paused' }>): AnswerState {
  // The reasons repeat the forms; older frames may lack them, then the `human_input_required` ones count.
  const forms = event.forms.length > 0 ? event.forms : (state.pause?.forms ?? []);
  return { ...withIds(state, event), ...nextStatus(state, 'pause'), pause: { runId: event.runId ?? state.pause?.runId ?? '', forms } };
}

function reduceEvent(state: AnswerState, event: AnswerEvent): AnswerState {
  if ('progress' in event) return { ...withIds(state, event), progress: [...(state.progress ?? []), event] };
  switch (event.type) {
    case 'message':
    case 'agent_message':
    case 'message_file':
    case 'text_chunk':
      return { ...withIds(state, event), ...nextStatus(state, 'delta'), text: state.text + event.text };
    case 'message_replace': {
      const next = { ...withIds(state, event), ...nextStatus(state, 'delta'), text: event.text };
      return event.reason === undefined ? next : { ...next, replacedBecause: event.reason };
    }
    case 'message_end':
      return { ...withIds(state, event), ...nextStatus(state, 'end'), metadata: event.metadata };
    case 'error':
      return {
        ...withIds(state, event),
        ...nextStatus(state, 'fail'),
        problem: problemFromStreamError(event.code, event.status, event.message),
      };
    case 'workflow_finished': {
      // `succeeded` comes after `message_end` (or, before 1.13.3, just before it): only failures end the answer here.
      const problem = problemFromRunStatus(event.status, event.error);
      return problem ? { ...withIds(state, event), ...nextStatus(state, 'fail'), problem } : state;
    }
    case 'human_input_required':
      return { ...state, pause: { runId: state.pause?.runId ?? '', forms: [...(state.pause?.forms ?? []), event.form] } };
    case 'workflow_paused':
      return pausedOn(state, event);
  }
}

/**
 * Stage 3 of the stream: fold one action into the answer. Pure and total: a settled answer is
 * returned unchanged (the same object), so late frames and late aborts are harmless.
 */
export function reduceAnswer(state: AnswerState, action: AnswerAction): AnswerState {
  if (isSettled(state.status)) return state;
  switch (action.type) {
    case 'event':
      return reduceEvent(state, action.event);
    case 'aborted':
      return { ...state, ...nextStatus(state, 'abort') };
    case 'disconnected':
      return {
        ...state,
        ...nextStatus(state, 'disconnect'),
        problem: { kind: 'disconnected', code: 'stream_disconnected' },
      };
    case 'failed':
      return { ...state, ...nextStatus(state, 'fail'), problem: action.problem };
  }
}

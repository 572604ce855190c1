/**
 * Starts and resumes chatflow and workflow runs: creates the run's record, drives its script through the
 * worker relay (streaming) or in the API process (blocking, §4.3), publishes every frame on the run's
 * channel, and saves how it ended on the run and its message.
 */
import { randomUUID } from 'node:crypto';
import { approvalNode, flowSpec } from './flows.ts';
import { chatflowBlockingResult, workflowBlockingResult } from './flow-bodies.ts';
import { FlowFrames } from './flow-frames.ts';
import { initialScript, resumedScript, type FlowScriptContext } from './flow-script.ts';
import type { Outcome, Script } from './generation.ts';
import { epochSeconds } from './http.ts';
import { approvalForm, type HumanInputForm, type Submission } from './human-input.ts';
import type { FormValues } from './input-form.ts';
import { retrieverResources, storedResources } from './metadata.ts';
import { runTask } from './run-task.ts';
import { RunChannel, type FlowRun } from './runs.ts';
import type { RequestContext, SimulatorRuntime } from './runtime.ts';
import type { AnswerPlan } from './scenarios.ts';
import type { AnswerContext } from './shapes-message.ts';
import type { StoredMessage } from './store.ts';

export interface FlowStart {
  context: RequestContext;
  inputs: FormValues;
  query: string;
  plan: AnswerPlan;
  streaming: boolean;
  /** The concurrency slot(s) this call holds (§1.5). */
  release: () => void;
  /** Chatflows: the message the run answers, and how many turns the conversation had. */
  chat?: { answer: AnswerContext; stored: StoredMessage; dialogueCount: number };
}

/** `workflow_started.data.inputs`: the inputs, then the `sys.*` variables (captures 01, 50). */
function startedInputs(start: FlowStart, run: { id: string; workflowId: string; appId: string }): Record<string, unknown> {
  const { endUser } = start.context;
  const chat = start.chat === undefined ? {} : { 'sys.query': start.query };
  const turns = start.chat === undefined ? {} : { 'sys.dialogue_count': start.chat.dialogueCount };
  return {
    ...start.inputs,
    ...chat,
    'sys.files': [],
    'sys.user_id': endUser.sessionId,
    ...turns,
    'sys.app_id': run.appId,
    'sys.workflow_id': run.workflowId,
    'sys.workflow_run_id': run.id,
  };
}

function newRun(start: FlowStart): FlowRun {
  const { app, endUser, runtime } = start.context;
  const mode = app.mode === 'advanced-chat' ? 'advanced-chat' : 'workflow';
  const ids = { id: randomUUID(), workflowId: runtime.store.workflowIdOf(app.key), appId: runtime.store.appIdOf(app.key) };
  return {
    id: ids.id,
    appKey: app.key,
    mode,
    spec: flowSpec(app.flow, mode),
    endUserId: endUser.id,
    createdBy: { id: endUser.id, user: endUser.sessionId },
    workflowId: ids.workflowId,
    inputs: start.inputs,
    startedInputs: startedInputs(start, ids),
    query: start.query,
    createdAt: epochSeconds(),
    startedAtMs: Date.now(),
    taskId: start.chat?.answer.ids.taskId ?? randomUUID(),
    status: 'running',
    outputs: {},
    error: null,
    finishedAt: null,
    exceptionsCount: 0,
    totalTokens: 0,
    nodes: [],
    ...(start.chat === undefined ? {} : { message: start.chat.answer, stored: start.chat.stored }),
    answer: '',
    forms: [],
    channel: new RunChannel(),
  };
}

function scriptContext(runtime: SimulatorRuntime, run: FlowRun): FlowScriptContext {
  return {
    run,
    frames: new FlowFrames(run),
    pacing: runtime.pacing,
    openForm: () => {
      const form = approvalForm({ appKey: run.appKey, runId: run.id, query: run.query }, approvalNode, runtime.humanInputExpirySeconds);
      runtime.forms.add(form);
      run.forms = [form];
      const earlier = run.stored?.humanInput?.forms ?? [];
      if (run.stored !== undefined) run.stored.humanInput = { workflowRunId: run.id, forms: [...earlier, form] };
      return form;
    },
  };
}

/** Saves how a (part of a) run ended on its chatflow message. */
function persist(run: FlowRun, outcome: Outcome): void {
  const message = run.stored;
  run.answer += outcome.answer;
  if (message === undefined) return;
  message.answer = run.answer;
  if (run.message?.withSources === true) {
    message.retrieverResources = storedResources(retrieverResources(true), message.id, message.createdAt);
  }
  message.status = outcome.ending === 'paused' ? 'paused' : outcome.ending === 'error' ? 'error' : 'normal';
  message.error = outcome.ending === 'error' ? (run.error ?? outcome.errorMessage ?? null) : null;
}

function drive(
  runtime: SimulatorRuntime,
  run: FlowRun,
  script: Script,
  transport: 'worker' | 'blocking' | 'background',
  start?: FlowStart,
): Promise<void> {
  const pauseBody = runtime.behaviour.blockingPauseBody;
  return runTask(runtime, {
    taskId: run.taskId,
    appKey: run.appKey,
    endUserId: run.endUserId,
    family: run.mode === 'advanced-chat' ? 'chat' : 'workflow',
    script,
    transport,
    ...(start === undefined ? {} : { response: start.context.response, release: start.release }),
    tee: run.channel,
    blockingResult: (outcome) =>
      run.mode === 'advanced-chat' ? chatflowBlockingResult(run, outcome, pauseBody) : workflowBlockingResult(run, outcome, pauseBody),
    persist: (outcome) => persist(run, outcome),
  });
}

/** Runs a new chatflow or workflow run to its end (or its pause). */
export function startFlowRun(start: FlowStart): Promise<void> {
  const { runtime } = start.context;
  const run = newRun(start);
  runtime.runs.add(run);
  const context = scriptContext(runtime, run);
  return drive(runtime, run, initialScript(context, start.plan), start.streaming ? 'worker' : 'blocking', start);
}

/**
 * Resumes a paused run once its form was answered (§11.2): queued to a worker, so it starts a moment later
 * under a new task, and its frames reach only the run's channel (the request that paused has closed).
 */
export function resumeFlowRun(runtime: SimulatorRuntime, run: FlowRun, form: HumanInputForm, submission: Submission): void {
  form.submission = submission;
  run.forms = [];
  run.status = 'running';
  run.taskId = randomUUID();
  const context = scriptContext(runtime, run);
  const script = resumedScript(context, form, submission, runtime.behaviour.formFilledSubmittedData);
  const queued = setTimeout(() => void drive(runtime, run, script, 'background'), runtime.pacing.chunkDelayMs * 5);
  runtime.disposeSignal.addEventListener('abort', () => clearTimeout(queued), { once: true });
}

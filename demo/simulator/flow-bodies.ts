/**
 * Blocking answers of chatflow and workflow runs (dify-api.md §4.2, §11.1): a finished chatflow is the
 * message body, a failed one 400 `Run failed: …`; a workflow is always its run summary, failed or not; a
 * paused run is the paused body on 1.14+, and 1.13.3's blocking pipeline has no pause branch.
 */
import { invalidParam, type DifyHttpError } from './errors.ts';
import type { Outcome } from './generation.ts';
import { pauseReason } from './human-input.ts';
import { elapsedSeconds, type FlowRun } from './runs.ts';
import { answerMetadata } from './shapes-message.ts';

type BlockingResult = { body: unknown } | DifyHttpError;

/** 1.13.3: the listener meets the pause event it does not know (§4.2, inferred there; also for workflows). */
const noPauseBranch = (): DifyHttpError => invalidParam('queue listening stopped unexpectedly.');

function pauseFields(run: FlowRun): { paused_nodes: string[]; reasons: Record<string, unknown>[] } {
  return { paused_nodes: run.forms.map((form) => form.node.nodeId), reasons: run.forms.map(pauseReason) };
}

export function chatflowBlockingResult(run: FlowRun, outcome: Outcome, pauseBody: boolean): BlockingResult {
  const message = run.message;
  if (message === undefined) return noPauseBranch();
  if (outcome.ending === 'error') return invalidParam(`Run failed: ${run.error ?? outcome.errorMessage ?? ''}`);
  if (outcome.ending === 'paused' && !pauseBody) return noPauseBranch();
  const { ids } = message;
  const base = {
    event: outcome.ending === 'paused' ? 'workflow_paused' : 'message',
    task_id: run.taskId,
    id: ids.messageId,
    message_id: ids.messageId,
    conversation_id: ids.conversationId,
    mode: 'advanced-chat',
    answer: outcome.answer,
    metadata: answerMetadata(message, outcome.answer),
    created_at: ids.createdAt,
  };
  if (outcome.ending !== 'paused') return { body: base };
  const data = {
    id: ids.messageId,
    mode: 'advanced-chat',
    conversation_id: ids.conversationId,
    message_id: ids.messageId,
    workflow_run_id: run.id,
    answer: outcome.answer,
    metadata: base.metadata,
    created_at: ids.createdAt,
    ...pauseFields(run),
    status: 'paused',
    elapsed_time: elapsedSeconds(run),
    total_tokens: run.totalTokens,
    total_steps: run.nodes.length,
  };
  return { body: { ...base, workflow_run_id: run.id, data } };
}

export function workflowBlockingResult(run: FlowRun, outcome: Outcome, pauseBody: boolean): BlockingResult {
  if (outcome.ending === 'paused' && !pauseBody) return noPauseBranch();
  const data = {
    id: run.id,
    workflow_id: run.workflowId,
    status: run.status,
    outputs: run.outputs,
    error: run.error,
    elapsed_time: elapsedSeconds(run),
    total_tokens: run.totalTokens,
    total_steps: run.nodes.length,
    created_at: run.createdAt,
    finished_at: run.finishedAt,
    ...(outcome.ending === 'paused' ? pauseFields(run) : {}),
  };
  return { body: { task_id: run.taskId, workflow_run_id: run.id, data } };
}

/** Workflow apps: POST /workflows/run (and /workflows/:id/run), GET /workflows/run/:id (dify-api.md §11.1). */
import { cannedAnswer } from '../answers.ts';
import { effectiveCap } from '../concurrency.ts';
import { DifyHttpError, notFound, notWorkflowApp } from '../errors.ts';
import { startFlowRun } from '../flow-run.ts';
import { sendJson } from '../http.ts';
import { formFor, validateInputs, type FormValues } from '../input-form.ts';
import { inputFileCheck } from '../input-files.ts';
import { originOf } from './origin.ts';
import { pythonJsonDumps } from '../python-json.ts';
import { readStreaming, requireInputs } from '../payload.ts';
import { pathPattern, type Route } from '../route.ts';
import type { RequestContext } from '../runtime.ts';
import { planAnswer } from '../scenarios.ts';
import { answerRejectedRun } from '../worker-relay.ts';

const model = 'WorkflowRunPayload';

async function runWorkflow(context: RequestContext): Promise<void> {
  const { body, app, runtime, params } = context;
  const rawInputs = requireInputs(model, body);
  const streaming = readStreaming(model, body);
  const workflowId = runtime.store.workflowIdOf(app.key);
  if (params['workflowId'] !== undefined && params['workflowId'] !== workflowId) {
    throw notFound(`Workflow not found with id: ${params['workflowId']}`);
  }
  const cap = effectiveCap(app.maxActiveRequests, runtime.maxActiveRequests);
  const appId = runtime.store.appIdOf(app.key);
  const release = streaming ? runtime.active.enterForWorker(app.key, appId, cap) : runtime.active.enter(app.key, appId, cap);
  let inputs: FormValues;
  try {
    inputs = validateInputs(formFor(app), rawInputs, inputFileCheck(app, runtime.store, originOf(context.request)));
  } catch (error) {
    release();
    // A streaming run is checked in the worker, after the 200 (§4.3 step 5, captures 52, 53).
    if (!streaming || !(error instanceof DifyHttpError)) throw error;
    const relay = { pingIntervalMs: runtime.pacing.pingIntervalMs, idleCloseMs: runtime.workerIdleCloseMs };
    answerRejectedRun(context.response, relay, error.message, runtime.behaviour.workerPublishesErrors);
    return;
  }
  const query = String(inputs['query'] ?? '');
  const plan = planAnswer(query, runtime.pacing, cannedAnswer, 'flow');
  await startFlowRun({ context, inputs, query, plan, streaming, release });
}

function workflowRunDetail(context: RequestContext): void {
  const { runtime, app, params } = context;
  const run = runtime.runs.of(app.key, params['runId'] ?? '');
  if (run === undefined) throw notFound('Workflow run not found.');
  const paused = run.status === 'paused';
  sendJson(context.response, 200, {
    id: run.id,
    workflow_id: run.workflowId,
    status: run.status,
    // 1.13.3 emits the stored JSON text as it is (capture 54).
    inputs: runtime.behaviour.runInputsAsString ? pythonJsonDumps(run.startedInputs) : run.startedInputs,
    outputs: paused ? {} : run.outputs,
    error: run.error,
    total_steps: run.nodes.length,
    total_tokens: run.totalTokens,
    created_at: run.createdAt,
    finished_at: run.finishedAt,
    elapsed_time: (Date.now() - run.startedAtMs) / 1000,
  });
}

const runRoute = {
  method: 'POST',
  user: { from: 'json', required: true },
  modes: { allowed: ['workflow'], error: notWorkflowApp },
  handle: runWorkflow,
} as const satisfies Omit<Route, 'path'>;

export const workflowRoutes: Route[] = [
  { ...runRoute, path: pathPattern('/workflows/run') },
  { ...runRoute, path: pathPattern('/workflows/:workflowId/run') },
  {
    method: 'GET',
    path: pathPattern('/workflows/run/:runId'),
    modes: { allowed: ['workflow', 'advanced-chat'], error: notWorkflowApp },
    handle: workflowRunDetail,
  },
];

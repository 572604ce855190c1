/** Workflow apps: POST /workflows/run (and /workflows/:id/run), GET /workflows/run/:id. */
import { randomUUID } from 'node:crypto';
import { cannedAnswer } from '../answers.ts';
import { notFound, notWorkflowApp } from '../errors.ts';
import { sendJson } from '../http.ts';
import { formFor, validateInputs } from '../input-form.ts';
import { readStreaming, requireInputs } from '../payload.ts';
import { pathPattern, type Route } from '../route.ts';
import { runTask } from '../run-task.ts';
import type { RequestContext } from '../runtime.ts';
import { planAnswer } from '../scenarios.ts';
import { WorkflowShape } from '../shapes-workflow.ts';

const model = 'WorkflowRunPayload';

async function runWorkflow(context: RequestContext): Promise<void> {
  const { body, app, endUser, runtime, params } = context;
  const { store } = runtime;
  const rawInputs = requireInputs(model, body);
  const streaming = readStreaming(model, body);
  const workflowId = store.workflowIdOf(app.key);
  if (params['workflowId'] !== undefined && params['workflowId'] !== workflowId) {
    throw notFound(`Workflow not found with id: ${params['workflowId']}`);
  }
  const inputs = validateInputs(formFor(app), rawInputs);
  const request = String(inputs['query'] ?? '');
  const plan = planAnswer(request, runtime.pacing, cannedAnswer);
  const taskId = randomUUID();
  const runId = randomUUID();
  const shape = new WorkflowShape({
    taskId,
    runId,
    workflowId,
    inputs: {
      ...inputs,
      'sys.files': [],
      'sys.user_id': endUser.sessionId,
      'sys.app_id': workflowId,
      'sys.workflow_id': workflowId,
      'sys.workflow_run_id': runId,
    },
    createdBy: { id: endUser.id, user: endUser.sessionId },
    startedAtMs: Date.now(),
  });
  store.recordWorkflowRun(app.key, runId, inputs, shape.summary());
  await runTask(runtime, {
    taskId,
    appKey: app.key,
    endUserId: endUser.id,
    family: 'workflow',
    plan,
    shape,
    streaming,
    response: context.response,
    // A failed run is still a 200 in blocking mode, with status "failed".
    blockingResult: () => {
      const summary = shape.summary();
      return {
        body: {
          task_id: taskId,
          workflow_run_id: runId,
          data: {
            id: runId,
            workflow_id: workflowId,
            status: summary.status,
            outputs: summary.outputs,
            error: summary.error,
            elapsed_time: summary.elapsedTime,
            total_tokens: summary.totalTokens,
            total_steps: summary.totalSteps,
            created_at: store.workflowRun(app.key, runId)?.createdAt ?? 0,
            finished_at: summary.finishedAt,
          },
        },
      };
    },
    persist: () => store.recordWorkflowRun(app.key, runId, inputs, shape.summary()),
  });
}

function workflowRunDetail(context: RequestContext): void {
  const run = context.runtime.store.workflowRun(context.app.key, context.params['runId'] ?? '');
  if (run === undefined) throw notFound('Workflow run not found.');
  sendJson(context.response, 200, {
    id: run.id,
    workflow_id: run.workflowId,
    status: run.status,
    inputs: run.inputs,
    outputs: run.outputs,
    error: run.error,
    total_steps: run.totalSteps,
    total_tokens: run.totalTokens,
    created_at: run.createdAt,
    finished_at: run.finishedAt,
    elapsed_time: run.elapsedTime,
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

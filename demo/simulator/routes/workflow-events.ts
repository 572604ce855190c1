/**
 * GET /workflow/{workflow_run_id}/events (dify-api.md §11.2, 1.14.0+): follow a run, typically after its
 * form was answered. A finished run is one Python-spaced `workflow_finished` frame; a running or paused run
 * streams its live frames (optionally after a snapshot of its state) until a terminal event or the idle close.
 */
import { notFound, notWorkflowApp } from '../errors.ts';
import { FlowFrames, finishedData } from '../flow-frames.ts';
import type { Frame } from '../generation.ts';
import { pythonJsonDumps } from '../python-json.ts';
import { pathPattern, type Route } from '../route.ts';
import type { FlowRun } from '../runs.ts';
import type { RequestContext } from '../runtime.ts';
import { WorkerRelay } from '../worker-relay.ts';

/** The persisted state replayed by `include_state_snapshot=true`. */
function snapshot(run: FlowRun): Frame[] {
  const frames = new FlowFrames(run);
  const nodes = run.nodes.flatMap((execution) => [
    frames.frame('node_started', execution.started),
    ...(execution.finished === undefined ? [] : [frames.frame('node_finished', execution.finished)]),
  ]);
  const pause = run.status === 'paused' ? [...run.forms.map((form) => frames.humanInputRequired(form)), frames.workflowPaused()] : [];
  return [frames.workflowStarted('initial'), ...frames.messageReplace(run.answer), ...nodes, ...pause];
}

/** Which events end the stream: none with `continue_on_pause` alone (the terminal list is empty). */
function terminalEvents(withSnapshot: boolean, continueOnPause: boolean): ReadonlySet<string> {
  if (!continueOnPause) return new Set(['workflow_finished', 'workflow_paused']);
  return withSnapshot ? new Set(['workflow_finished']) : new Set();
}

function followRun(context: RequestContext): void {
  const { runtime, app, params, query, endUser, response } = context;
  const run = runtime.runs.of(app.key, params['runId'] ?? '');
  if (run === undefined || run.endUserId !== endUser.id) throw notFound('Workflow run not found');
  if (run.finishedAt !== null) {
    const frame = { event: 'workflow_finished', task_id: run.id, workflow_run_id: run.id, data: finishedData(run) };
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
    response.end(`data: ${pythonJsonDumps(frame)}\n\n`);
    return;
  }
  const withSnapshot = query['include_state_snapshot'] === 'true';
  const relay = new WorkerRelay(response, {
    pingIntervalMs: runtime.pacing.pingIntervalMs,
    idleCloseMs: runtime.workerIdleCloseMs,
    terminalEvents: terminalEvents(withSnapshot, query['continue_on_pause'] === 'true'),
    headers: { 'Cache-Control': 'no-cache' },
    pingsCountAsFrames: false,
  });
  relay.open();
  relay.sse.startPings('idle');
  if (withSnapshot) for (const frame of snapshot(run)) relay.send(frame);
  const unsubscribe = run.channel.subscribe(relay);
  response.once('close', unsubscribe);
}

export const workflowEventRoutes: Route[] = [
  {
    method: 'GET',
    path: pathPattern('/workflow/:runId/events'),
    user: { from: 'query', required: true },
    modes: { allowed: ['advanced-chat', 'workflow'], error: notWorkflowApp },
    handle: followRun,
  },
];

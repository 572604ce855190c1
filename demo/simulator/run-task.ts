/**
 * Runs one generation task over HTTP, streaming or blocking: registers it for stop, reports how it ended
 * ('stream-end'), and keeps generating in the background when the client leaves (as Dify does, which is why
 * a client must also call the stop endpoint).
 */
import type { ServerResponse } from 'node:http';
import type { DifyHttpError } from './errors.ts';
import { drive, type Outcome, type StreamShape } from './generation.ts';
import { sendError, sendJson } from './http.ts';
import type { SimulatorRuntime } from './runtime.ts';
import type { AnswerPlan } from './scenarios.ts';
import { discardFrames, SseResponse } from './sse.ts';
import { TaskControl, type TaskFamily } from './tasks.ts';
import type { StreamEndRecord, TaskStartRecord } from './types.ts';

export interface TaskSpec {
  taskId: string;
  appKey: string;
  endUserId: string;
  family: TaskFamily;
  plan: AnswerPlan;
  shape: StreamShape;
  streaming: boolean;
  response: ServerResponse;
  /** The blocking response for a finished run: a JSON body, or an HTTP error. */
  blockingResult(outcome: Outcome): { body: unknown } | DifyHttpError;
  /** Saves the final state (answer, status) once the generation is over. */
  persist(outcome: Outcome): void;
}

function clientGoneSignal(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    response.once('close', () => {
      if (!response.writableFinished) resolve();
    });
  });
}

/** Runs the task to its end; resolves when the generation is over (possibly after the client left). */
export async function runTask(runtime: SimulatorRuntime, spec: TaskSpec): Promise<void> {
  const { response, taskId, plan } = spec;
  const control = new TaskControl(runtime.disposeSignal);
  runtime.tasks.add({ taskId, appKey: spec.appKey, endUserId: spec.endUserId, family: spec.family, control });
  const started: TaskStartRecord = { taskId, appKey: spec.appKey, family: spec.family, streaming: spec.streaming };
  runtime.events.emit('task-start', started);
  let reported = false;
  const report = (reason: StreamEndRecord['reason']): void => {
    if (reported) return;
    reported = true;
    const record: StreamEndRecord = { taskId, reason };
    runtime.events.emit('stream-end', record);
  };
  const clientGone = clientGoneSignal(response);
  let dropping = false;
  void clientGone.then(() => {
    if (!dropping && !runtime.disposeSignal.aborted) report(plan.kind === 'stall' ? 'stalled' : 'client-closed');
  });
  const drop = (): void => {
    dropping = true;
    report('dropped');
    response.socket?.destroy();
    response.destroy();
  };
  const sse = spec.streaming ? new SseResponse(response, runtime.pacing.pingIntervalMs) : undefined;
  if (sse !== undefined) {
    sse.open();
    if (plan.kind !== 'stall') sse.startPings();
  }
  try {
    const outcome = await drive(plan, spec.shape, { sink: sse ?? discardFrames, control, clientGone, drop });
    finish(outcome, spec, sse, report);
    spec.persist(outcome);
  } finally {
    sse?.stopPings();
    runtime.tasks.remove(taskId);
  }
}

function finish(outcome: Outcome, spec: TaskSpec, sse: SseResponse | undefined, report: (reason: StreamEndRecord['reason']) => void): void {
  const { ending } = outcome;
  if (ending === 'dropped' || ending === 'stalled' || ending === 'disposed') return;
  report(ending);
  if (sse !== undefined) {
    sse.end();
    return;
  }
  const result = spec.blockingResult(outcome);
  if ('body' in result) sendJson(spec.response, 200, result.body);
  else sendError(spec.response, result);
}

/**
 * Runs one generation task, in one of Dify's four ways: streamed by the API process (chat, agent-chat,
 * agent, completion), streamed from a worker through the relay (chatflow, workflow, §4.3), blocking, or in
 * the background (a resumed run, whose frames only reach its channel, §11.2). Registers the task for stop,
 * reports how it ended ('stream-end'), frees its concurrency slot when Dify does (§1.5), and keeps
 * generating when the client leaves (as Dify does, which is why a client must also call the stop endpoint).
 */
import type { ServerResponse } from 'node:http';
import type { DifyHttpError } from './errors.ts';
import { drive, type Outcome, type Script } from './generation.ts';
import { sendError, sendGenerateJson } from './http.ts';
import type { SimulatorRuntime } from './runtime.ts';
import { discardFrames, SseResponse, teeSink, type FrameSink } from './sse.ts';
import { TaskControl, type TaskFamily } from './tasks.ts';
import type { StreamEndRecord, TaskStartRecord } from './types.ts';
import { WorkerRelay } from './worker-relay.ts';

type Transport = 'process' | 'worker' | 'blocking' | 'background';

export interface TaskSpec {
  taskId: string;
  appKey: string;
  endUserId: string;
  family: TaskFamily;
  script: Script;
  transport: Transport;
  /** The HTTP response; absent for a background run. */
  response?: ServerResponse;
  /** Also receives every frame (a flow run's channel, for the run-events endpoint). */
  tee?: FrameSink;
  /** The blocking response for a finished run: a JSON body, or an HTTP error. */
  blockingResult(outcome: Outcome): { body: unknown } | DifyHttpError;
  /** Saves the final state (answer, status) once the generation is over. */
  persist(outcome: Outcome): void;
  /** Frees the task's concurrency slot; called once, when Dify frees it (§1.5). */
  release?: () => void;
}

type Report = (reason: StreamEndRecord['reason']) => void;

/** Settles when the response closes for any reason, or never without a response. */
function closed(response: ServerResponse | undefined): Promise<void> {
  return new Promise((resolve) => response?.once('close', () => resolve()));
}

function reporter(runtime: SimulatorRuntime, taskId: string): Report {
  let reported = false;
  return (reason) => {
    if (reported) return;
    reported = true;
    const record: StreamEndRecord = { taskId, reason };
    runtime.events.emit('stream-end', record);
  };
}

/** Opens the response for the transport and returns where frames go. */
function openSink(runtime: SimulatorRuntime, spec: TaskSpec): { sink: FrameSink; sse?: SseResponse; relay?: WorkerRelay } {
  const { response, transport, script } = spec;
  const stalled = script.ending.kind === 'stalled';
  if (response === undefined || transport === 'blocking' || transport === 'background') return { sink: discardFrames };
  const { pingIntervalMs } = runtime.pacing;
  if (transport === 'worker') {
    const relay = new WorkerRelay(response, { pingIntervalMs, idleCloseMs: runtime.workerIdleCloseMs });
    relay.open();
    // A stalled run never leaves the queue, so no worker ever pings for it.
    if (!stalled) relay.startWorkerPings();
    return { sink: relay, relay };
  }
  const sse = new SseResponse(response, pingIntervalMs);
  sse.open();
  if (!stalled) sse.startPings('periodic');
  return { sink: sse, sse };
}

/** Runs the task to its end; resolves when the generation is over (possibly after the client left). */
export async function runTask(runtime: SimulatorRuntime, spec: TaskSpec): Promise<void> {
  const { response, taskId, transport } = spec;
  const control = new TaskControl(runtime.disposeSignal);
  runtime.tasks.add({ taskId, appKey: spec.appKey, endUserId: spec.endUserId, family: spec.family, control });
  const started: TaskStartRecord = {
    taskId,
    appKey: spec.appKey,
    family: spec.family,
    streaming: transport === 'process' || transport === 'worker',
  };
  runtime.events.emit('task-start', started);
  const report = reporter(runtime, taskId);
  let dropping = false;
  response?.once('close', () => {
    if (response.writableFinished || dropping || runtime.disposeSignal.aborted) return;
    report(spec.script.ending.kind === 'stalled' ? 'stalled' : 'client-closed');
  });
  const release = spec.release ?? (() => undefined);
  // Streamed in-process: the slot is held until the stream ends or its client leaves.
  if (transport === 'process') response?.once('close', release);
  const drop = (): void => {
    dropping = true;
    report('dropped');
    response?.socket?.destroy();
    response?.destroy();
  };
  const { sink, sse } = openSink(runtime, spec);
  // Queued to a worker: the slot is freed at once.
  if (transport === 'worker') release();
  try {
    const io = { sink: spec.tee === undefined ? sink : teeSink(sink, spec.tee), control, released: closed(response), drop };
    const outcome = await drive(spec.script, io);
    finish(outcome, spec, sse, report);
    spec.persist(outcome);
  } finally {
    sse?.stopPings();
    runtime.tasks.remove(taskId);
    release();
  }
}

function finish(outcome: Outcome, spec: TaskSpec, sse: SseResponse | undefined, report: Report): void {
  const { ending } = outcome;
  if (ending === 'dropped' || ending === 'stalled' || ending === 'disposed') return;
  report(ending);
  // A relayed stream has closed itself at its terminal frame.
  if (spec.transport !== 'blocking') {
    sse?.end();
    return;
  }
  if (spec.response === undefined) return;
  const result = spec.blockingResult(outcome);
  if ('body' in result) sendGenerateJson(spec.response, result.body);
  else sendError(spec.response, result);
}

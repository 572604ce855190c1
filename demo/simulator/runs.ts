/**
 * Workflow runs of chatflow and workflow apps: their state (for GET /workflows/run/:id, a resumed run and
 * a state snapshot) and their channel, on which every frame of the run is published (Dify: the Redis
 * channel `channel:<mode>:<run id>`, at-most-once pub/sub, so frames published before a subscriber came
 * are lost to it, §11.2).
 */
import type { Frame } from './generation.ts';
import type { FlowNode, FlowSpec } from './flows.ts';
import type { HumanInputForm } from './human-input.ts';
import type { FormValues } from './input-form.ts';
import type { AnswerContext } from './shapes-message.ts';
import type { FrameSink } from './sse.ts';
import type { StoredMessage } from './store.ts';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'stopped' | 'paused';

/** One node execution, with the `data` of the frames that reported it. */
interface NodeExecution {
  node: FlowNode;
  id: string;
  createdAt: number;
  started: Frame;
  finished?: Frame;
}

export interface FlowRun {
  id: string;
  appKey: string;
  mode: 'advanced-chat' | 'workflow';
  spec: FlowSpec;
  endUserId: string;
  createdBy: { id: string; user: string };
  workflowId: string;
  /** The user inputs after validation, and `workflow_started.data.inputs` (with the `sys.*` variables). */
  inputs: FormValues;
  startedInputs: Record<string, unknown>;
  query: string;
  createdAt: number;
  startedAtMs: number;
  /** The task now driving the run (a resumed run gets a new one). */
  taskId: string;
  status: RunStatus;
  outputs: Record<string, unknown>;
  error: string | null;
  finishedAt: number | null;
  exceptionsCount: number;
  totalTokens: number;
  nodes: NodeExecution[];
  /** Chatflows: the message the run answers (its ids, and its stored record), and the answer so far. */
  message?: AnswerContext;
  stored?: StoredMessage;
  answer: string;
  /** The forms the run is paused on. */
  forms: HumanInputForm[];
  channel: RunChannel;
}

/** Live subscribers of one run's frames. */
export class RunChannel implements FrameSink {
  private readonly subscribers = new Set<FrameSink>();

  subscribe(sink: FrameSink): () => void {
    this.subscribers.add(sink);
    return () => this.subscribers.delete(sink);
  }

  send(frame: Frame): void {
    for (const subscriber of this.subscribers) subscriber.send(frame);
  }
}

export function elapsedSeconds(run: FlowRun): number {
  return (Date.now() - run.startedAtMs) / 1000;
}

/** Every run by id; a run is reachable only through its own app. */
export class RunRegistry {
  private readonly runs = new Map<string, FlowRun>();

  add(run: FlowRun): void {
    this.runs.set(run.id, run);
  }

  of(appKey: string, runId: string): FlowRun | undefined {
    const run = this.runs.get(runId.toLowerCase());
    return run !== undefined && run.appKey === appKey ? run : undefined;
  }
}

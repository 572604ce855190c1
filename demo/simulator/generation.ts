/**
 * Drives one generation: pauses between deltas, emits the mode's frames through a sink, and reacts to a
 * stop, a scripted failure, a drop or a stall. Knows nothing about HTTP.
 */
import type { AnswerPlan } from './scenarios.ts';
import type { FrameSink } from './sse.ts';
import type { PauseResult, TaskControl } from './tasks.ts';

export type Frame = Record<string, unknown>;

/** The frames one app mode emits around its answer deltas. */
export interface StreamShape {
  opening(): Frame[];
  delta(text: string): Frame;
  completed(answer: string): Frame[];
  stopped(answer: string): Frame[];
  failed(answer: string, message: string): Frame[];
}

type Ending = 'completed' | 'stopped' | 'error' | 'dropped' | 'stalled' | 'disposed';

export interface Outcome {
  ending: Ending;
  answer: string;
  errorMessage?: string;
}

export interface DriverIo {
  sink: FrameSink;
  control: TaskControl;
  /** Settles when the HTTP client leaves before the response finished. */
  clientGone: Promise<void>;
  /** Kills the connection (the `drop` scenario); called once, after the partial answer. */
  drop(): void;
}

/** Runs the plan to its end and says how it ended. */
export async function drive(plan: AnswerPlan, shape: StreamShape, io: DriverIo): Promise<Outcome> {
  const { sink, control } = io;
  if (plan.kind === 'stall') {
    await control.until(io.clientGone);
    return { ending: 'stalled', answer: '' };
  }
  let answer = '';
  const interrupted = (result: Exclude<PauseResult, 'elapsed'>): Outcome => {
    if (result === 'disposed') return { ending: 'disposed', answer };
    for (const frame of shape.stopped(answer)) sink.send(frame);
    return { ending: 'stopped', answer };
  };
  for (const frame of shape.opening()) {
    const result = await control.pause(plan.openingGapMs);
    if (result !== 'elapsed') return interrupted(result);
    sink.send(frame);
  }
  for (const chunk of plan.chunks) {
    const result = await control.pause(plan.gapMs);
    if (result !== 'elapsed') return interrupted(result);
    answer += chunk;
    sink.send(shape.delta(chunk));
  }
  if (plan.kind === 'drop') {
    io.drop();
    return { ending: 'dropped', answer };
  }
  if (plan.kind === 'error') {
    for (const frame of shape.failed(answer, plan.message)) sink.send(frame);
    return { ending: 'error', answer, errorMessage: plan.message };
  }
  for (const frame of shape.completed(answer)) sink.send(frame);
  return { ending: 'completed', answer };
}

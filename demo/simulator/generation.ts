/**
 * Drives one generation: a script of steps (pause, then frames), then the frames of its ending, reacting to a
 * stop, a drop or a stall. Knows nothing about HTTP or app modes: the shapes build the scripts.
 */
import type { FrameSink } from './sse.ts';
import type { PauseResult, TaskControl } from './tasks.ts';

export type Frame = Record<string, unknown>;

/**
 * Wait `gapMs`, then send `frames()`; `text` is the answer delta the step carries (if any), `replace` the text
 * that replaces the whole answer so far (output moderation).
 */
export interface Step {
  gapMs: number;
  text?: string;
  replace?: string;
  frames(): Frame[];
}

/** How the script ends once its steps ran. */
export type ScriptEnding =
  { kind: 'completed' } | { kind: 'failed'; message: string } | { kind: 'paused' } | { kind: 'dropped' } | { kind: 'stalled' };

export interface Script {
  steps: Step[];
  ending: ScriptEnding;
  /** The frames after the last step: message_end, workflow_finished, an error frame, the pause frames. */
  finish(answer: string): Frame[];
  /** The frames after a stop. */
  stopped(answer: string): Frame[];
  /** After a completed answer's last frame: steps that still come (its speech, speech.ts), until a stop. */
  afterwards?(answer: string): Step[];
}

type Ending = 'completed' | 'stopped' | 'error' | 'paused' | 'dropped' | 'stalled' | 'disposed';

export interface Outcome {
  ending: Ending;
  answer: string;
  errorMessage?: string;
}

export interface DriverIo {
  sink: FrameSink;
  control: TaskControl;
  /** Settles when nobody will read the response any more (the client left, or the relay closed it). */
  released: Promise<void>;
  /** Kills the connection (the `drop` scenario); called once, after the partial answer. */
  drop(): void;
}

const endings: Record<Exclude<ScriptEnding['kind'], 'stalled'>, Ending> = {
  completed: 'completed',
  failed: 'error',
  paused: 'paused',
  dropped: 'dropped',
};

/** Runs the script to its end and says how it ended. */
export async function drive(script: Script, io: DriverIo): Promise<Outcome> {
  const { sink, control } = io;
  const { ending } = script;
  if (ending.kind === 'stalled') {
    await control.until(io.released);
    return { ending: 'stalled', answer: '' };
  }
  let answer = '';
  for (const step of script.steps) {
    const result = await control.pause(step.gapMs);
    if (result !== 'elapsed') return interrupted(result, script, sink, answer);
    answer = step.replace ?? answer + (step.text ?? '');
    for (const frame of step.frames()) sink.send(frame);
  }
  if (ending.kind === 'dropped') {
    io.drop();
    return { ending: 'dropped', answer };
  }
  for (const frame of script.finish(answer)) sink.send(frame);
  if (ending.kind === 'completed') await sendAfterwards(script.afterwards?.(answer) ?? [], io);
  return { ending: endings[ending.kind], answer, ...(ending.kind === 'failed' ? { errorMessage: ending.message } : {}) };
}

async function sendAfterwards(steps: Step[], { sink, control }: DriverIo): Promise<void> {
  for (const step of steps) {
    if ((await control.pause(step.gapMs)) !== 'elapsed') return;
    for (const frame of step.frames()) sink.send(frame);
  }
}

function interrupted(result: Exclude<PauseResult, 'elapsed'>, script: Script, sink: FrameSink, answer: string): Outcome {
  if (result === 'disposed') return { ending: 'disposed', answer };
  for (const frame of script.stopped(answer)) sink.send(frame);
  return { ending: 'stopped', answer };
}

/** Steps that each send one delta frame, `gapMs` apart (the first after `firstGapMs`). */
export function deltaSteps(chunks: readonly string[], gapMs: number, frame: (text: string) => Frame, firstGapMs = gapMs): Step[] {
  return chunks.map((text, index) => ({ gapMs: index === 0 ? firstGapMs : gapMs, text, frames: () => [frame(text)] }));
}

/** A step that sends progress frames (thoughts, node events) without answer text. */
export function frameStep(gapMs: number, frames: () => Frame[]): Step {
  return { gapMs, frames };
}

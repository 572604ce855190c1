import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { submittedAnswer, type AnswerState } from '../core/answer.ts';
import { frameReaders, readRunFinished, type DifyEvent, type FrameReader } from '../core/dify-events.ts';
import { readRecord, readString } from '../core/guards.ts';
import type { ProxyClient } from '../core/proxy-client.ts';
import { startAnswer, type AnswerRun } from '../model/answer-run.ts';
import type { Reporter } from '../model/reporting.ts';

export interface WorkflowModelDependencies {
  client: ProxyClient;
  report: Reporter;
  inputs: () => Record<string, unknown>;
}

/** A workflow app: fill the form, Run, watch `text_chunk` output stream, see the final outputs, Stop. */
export interface WorkflowModel {
  /** The latest run's answer: its streamed text, and once it succeeded its outputs in `metadata.outputs`. */
  result: ReadonlySignal<Signal<AnswerState> | undefined>;
  busy: ReadonlySignal<boolean>;
  run(): Promise<void>;
  /** Ends the stream; the proxy then sends Dify's `workflows/tasks/:id/stop` for the run's task. */
  stop(): void;
}

// A workflow app's output text streams as `text_chunk` (`data.text`), output moderation replaces all of it with
// `text_replace` (as `message_replace` does in a chat), and its run ends with the outputs in `workflow_finished`
// (§11.1): only this view needs them, so it teaches the parser when it loads.
function readDataText(type: 'text_chunk' | 'message_replace'): FrameReader {
  return (frame, envelope) => {
    const text = readString(readRecord(frame, 'data') ?? {}, 'text');
    if (text === undefined) return undefined;
    return { ...envelope, type, text };
  };
}
frameReaders.set('text_chunk', readDataText('text_chunk'));
frameReaders.set('text_replace', readDataText('message_replace'));
frameReaders.set('workflow_finished', (frame, envelope) => {
  const outputs = readRecord(readRecord(frame, 'data') ?? {}, 'outputs');
  const event = readRunFinished(frame, envelope);
  return outputs ? { ...event, outputs } : event;
});

/**
 * A workflow app's run has no message: a successful `workflow_finished` is its end, carrying the
 * outputs (§11.1). To the answer it is what `message_end` is to a chat answer, with the outputs as
 * metadata; failed and stopped runs are left as they are (the answer fails on them already).
 */
function endOnFinish(): TransformStream<DifyEvent, DifyEvent> {
  return new TransformStream({
    transform(event, controller) {
      const succeeded = event.type === 'workflow_finished' && (event.status === 'succeeded' || event.status === 'partial-succeeded');
      if (!succeeded) return controller.enqueue(event);
      const { taskId } = event;
      controller.enqueue({ type: 'message_end', ...(taskId ? { taskId } : {}), metadata: { outputs: event.outputs ?? {} } });
    },
  });
}

/** Creates the workflow model for one view. */
export function createWorkflowModel(dependencies: WorkflowModelDependencies): WorkflowModel {
  const { client, report } = dependencies;
  const result = signal<Signal<AnswerState> | undefined>(undefined);
  const busy = computed(() => {
    const status = result.value?.value.status;
    return status === 'submitted' || status === 'streaming';
  });
  let current: AnswerRun | undefined;

  return {
    result,
    busy,
    async run() {
      if (busy.peek()) return;
      const answer = signal(submittedAnswer());
      result.value = answer;
      const body = { inputs: dependencies.inputs() };
      current = startAnswer({
        target: answer,
        report,
        open: async (abortSignal) => (await client.openStream('workflows/run', body, abortSignal)).pipeThrough(endOnFinish()),
      });
      await current.done;
    },
    stop() {
      current?.stop();
    },
  };
}

import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { submittedAnswer, type AnswerState } from '../core/answer.ts';
import type { ProxyClient } from '../core/proxy-client.ts';
import { startAnswer, type AnswerRun } from './answer-run.ts';
import type { FrameScheduler } from './answer-sink.ts';
import type { Reporter } from './reporting.ts';

/** One generated result. */
interface CompletionRun {
  answer: Signal<AnswerState>;
  /** What it was generated from. */
  inputs: Record<string, unknown>;
}

export interface CompletionModelDependencies {
  client: ProxyClient;
  report: Reporter;
  inputs: () => Record<string, unknown>;
  schedule?: FrameScheduler | undefined;
}

/** A text-generation app: fill the form, Generate, watch the result stream, Stop. */
export interface CompletionModel {
  result: ReadonlySignal<CompletionRun | undefined>;
  busy: ReadonlySignal<boolean>;
  /** Generates from the form's inputs, or from `inputs` (More like this sends the shown result's again). */
  generate(inputs?: Record<string, unknown>): Promise<void>;

  stop(): void;
  reset(): void;
}

/** Creates the completion model for one widget instance. */
export function createCompletionModel(dependencies: CompletionModelDependencies): CompletionModel {
  const { client, report, schedule } = dependencies;
  const result = signal<CompletionRun | undefined>(undefined);
  const busy = computed(() => {
    const status = result.value?.answer.value.status;
    return status === 'submitted' || status === 'streaming';
  });
  let current: AnswerRun | undefined;

  return {
    result,
    busy,
    async generate(inputs = dependencies.inputs()) {
      if (busy.peek()) return;
      const answer = signal(submittedAnswer());
      result.value = { answer, inputs };
      const body = { inputs };
      const run = startAnswer({
        target: answer,
        report,
        schedule,
        open: (abortSignal) => client.openStream('completion-messages', body, abortSignal),
      });
      current = run;
      await run.done;
    },
    stop() {
      current?.stop();
    },
    reset() {
      current?.stop();
      current = undefined;
      result.value = undefined;
    },
  };
}

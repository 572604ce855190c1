import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { submittedAnswer, type AnswerState } from '../core/answer.ts';
import { runAnswerStream } from '../core/answer-stream.ts';
import type { ProxyClient } from '../core/proxy-client.ts';
import { isSettled } from '../core/status.ts';
import { createAnswerSink, type FrameScheduler } from './answer-sink.ts';
import { reportAnswer, type Reporter } from './reporting.ts';

/** One generated result. */
export interface CompletionRun {
  answer: Signal<AnswerState>;
}

export interface CompletionModelDependencies {
  client: ProxyClient;
  report: Reporter;
  inputs: () => Record<string, unknown>;
  schedule?: FrameScheduler;
}

/** A text-generation app: fill the form, Generate, watch the result stream, Stop. */
export interface CompletionModel {
  result: ReadonlySignal<CompletionRun | undefined>;
  busy: ReadonlySignal<boolean>;
  generate(): Promise<void>;
  stop(): void;
  reset(): void;
}

/** Creates the completion model for one widget instance. */
export function createCompletionModel(dependencies: CompletionModelDependencies): CompletionModel {
  const result = signal<CompletionRun | undefined>(undefined);
  const busy = computed(() => {
    const status = result.value?.answer.value.status;
    return status === 'submitted' || status === 'streaming';
  });
  let controller: AbortController | undefined;

  return {
    result,
    busy,
    async generate() {
      if (busy.peek()) return;
      const run: CompletionRun = { answer: signal(submittedAnswer()) };
      result.value = run;
      const ownController = new AbortController();
      controller = ownController;
      const sink = createAnswerSink(run.answer, dependencies.schedule);
      const body = { inputs: dependencies.inputs() };
      await runAnswerStream(
        (abortSignal) => dependencies.client.openStream('completion-messages', body, abortSignal),
        ownController.signal,
        (action) => {
          const before = sink.latest();
          sink.apply(action);
          const latest = sink.latest();
          if (!isSettled(before.status) && isSettled(latest.status)) reportAnswer(dependencies.report, latest);
        },
        () => isSettled(sink.latest().status),
      );
      if (controller === ownController) controller = undefined;
    },
    stop() {
      controller?.abort();
    },
    reset() {
      controller?.abort();
      controller = undefined;
      result.value = undefined;
    },
  };
}

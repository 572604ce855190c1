import type { AnswerState } from '../core/answer.ts';
import type { Problem } from '../core/problems.ts';
import { english } from '../i18n/en.ts';
import { describeProblem } from '../i18n/problem-text.ts';
import type { EmitEvent, WidgetEventMap } from '../shared/contract.ts';

type Detail<Name extends keyof WidgetEventMap> = Omit<WidgetEventMap[Name], 'app'>;

/** The public events the models raise, in model terms; the widget turns them into `emit` calls. */
export interface Reporter {
  message(detail: Detail<'message'>): void;
  problem(problem: Problem): void;
  feedback(detail: Detail<'feedback'>): void;
}

/** A Reporter that emits the widget's public events. */
export function createReporter(emit: EmitEvent): Reporter {
  return {
    message: (detail) => emit('message', detail),
    feedback: (detail) => emit('feedback', detail),
    problem: (problem) => {
      const detail: Detail<'error'> = { kind: problem.kind, code: problem.code, message: describeProblem(problem, english) };
      if (problem.status !== undefined) detail.status = problem.status;
      // The server's own words: for the site's developer (the visitor's sentence leaves them out).
      if (problem.detail) detail.detail = problem.detail;
      emit('error', detail);
    },
  };
}

/** Reports a settled answer: a `message` for complete, stopped or paused answers, an `error` otherwise. */
export function reportAnswer(report: Reporter, answer: AnswerState): void {
  if (answer.status === 'error') {
    report.problem(answer.problem ?? { kind: 'unknown', code: 'unknown' });
    return;
  }
  if (answer.status !== 'ready') return;
  const ending = answer.ending === 'aborted' || answer.ending === 'paused' ? answer.ending : 'complete';
  const detail: Detail<'message'> = { role: 'assistant', text: answer.text, ending };
  if (answer.conversationId) detail.conversationId = answer.conversationId;
  if (answer.messageId) detail.messageId = answer.messageId;
  report.message(detail);
}

import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { submittedAnswer, type AnswerState } from '../../../widget/core/answer.ts';
import type { DifyEvent } from '../../../widget/core/dify-events.ts';
import { ProblemError } from '../../../widget/core/http.ts';
import type { Problem } from '../../../widget/core/problems.ts';
import { startAnswer, type AnswerRunOptions } from '../../../widget/model/answer-run.ts';
import type { Reporter } from '../../../widget/model/reporting.ts';

function eventsOf(events: DifyEvent[]): ReadableStream<DifyEvent> {
  return new ReadableStream({
    start(controller) {
      for (const event of events) controller.enqueue(event);
      controller.close();
    },
  });
}

/** A run on a fresh answer, with synchronous frames and every report recorded. */
function run(open: AnswerRunOptions['open'], options: Partial<AnswerRunOptions> = {}) {
  const answer = signal<AnswerState>(submittedAnswer());
  const reports: string[] = [];
  const report: Reporter = {
    message: (detail) => void reports.push(`message:${detail.ending ?? ''}`),
    problem: (problem) => void reports.push(`problem:${problem.kind}`),
    feedback: () => undefined,
  };
  const answerRun = startAnswer({ open, target: answer, report, schedule: (callback) => callback(), ...options });
  return { answer, reports, answerRun };
}

const refused = (problem: Problem) => () => Promise.reject(new ProblemError(problem));

describe('answer run', () => {
  it('lets the events end the answer, and reports it once', async () => {
    const { answer, reports, answerRun } = run(async () =>
      eventsOf([
        { type: 'message', text: 'Hi' },
        { type: 'message_end', metadata: {} },
        { type: 'message', text: ' late' },
      ]),
    );
    expect(await answerRun.done).toBe('settled');
    expect(answer.value).toMatchObject({ status: 'ready', ending: 'complete', text: 'Hi' });
    expect(reports).toEqual(['message:complete']);
  });

  it('calls a stream that closes before message_end or error a disconnect', async () => {
    const { answer, reports, answerRun } = run(async () => eventsOf([{ type: 'message', text: 'Half' }]));
    await answerRun.done;
    expect(answer.value).toMatchObject({ status: 'error', ending: 'disconnected', text: 'Half' });
    expect(reports).toEqual(['problem:disconnected']);
  });

  it('shows a refusal before the answer started as failed', async () => {
    const { answer, reports, answerRun } = run(refused({ kind: 'rate-limited', code: 'too_many_requests', status: 429 }));
    expect(await answerRun.done).toBe('settled');
    expect(answer.value).toMatchObject({ status: 'error', ending: 'failed', problem: { kind: 'rate-limited' } });
    expect(reports).toEqual(['problem:rate-limited']);
  });

  it('holds back a refusal of the kind asked for: not shown, not reported, handed to the caller', async () => {
    const updates: AnswerState[] = [];
    const { answer, reports, answerRun } = run(refused({ kind: 'not-found', code: 'not_found', status: 404 }), {
      holdBack: 'not-found',
      onUpdate: (latest) => void updates.push(latest),
    });
    expect(await answerRun.done).toBe('held-back');
    expect(answer.value.status).toBe('submitted');
    expect(reports).toEqual([]);
    expect(updates).toEqual([]);
  });

  it('stops a request that has not answered yet: the answer ends as stopped', async () => {
    const { answer, reports, answerRun } = run(
      (signal) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
    );
    answerRun.stop();
    await answerRun.done;
    expect(answer.value).toMatchObject({ status: 'ready', ending: 'aborted' });
    expect(reports).toEqual(['message:aborted']);
  });

  it('ignores Stop once the run is over', async () => {
    let opened: AbortSignal | undefined;
    const { answerRun } = run(async (signal) => {
      opened = signal;
      return eventsOf([{ type: 'message_end', metadata: {} }]);
    });
    await answerRun.done;
    answerRun.stop();
    expect(opened?.aborted).toBe(false);
  });
});

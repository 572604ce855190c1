import { describe, expect, it } from 'vitest';
import {
  reduceAnswer,
  resumedAnswer,
  submittedAnswer,
  type AnswerAction,
  type AnswerEvent,
  type AnswerState,
} from '../../../widget/core/answer.ts';
import { toDifyEvent } from '../../../widget/core/dify-events.ts';
import { readHumanInputForm } from '../../../widget/human-input/read-form.ts';
import {
  approvalForm,
  chatflowDelta,
  chatflowStart,
  failedRun,
  formToken,
  imageFirst,
  pause,
  resumption,
  runId,
  workflowFinished,
} from '../fixtures/chatflow-frames.ts';

const envelope = { conversation_id: 'c1', message_id: 'm1', created_at: 1, task_id: 't1' };

/** Stage 2 for payloads written as Dify sends them. */
function eventsOf(frames: Record<string, unknown>[]): AnswerEvent[] {
  return frames.flatMap((frame) => {
    const event = toDifyEvent({ event: undefined, data: JSON.stringify({ ...envelope, ...frame }) });
    return event === undefined || 'audio' in event ? [] : [event];
  });
}

/** Stages 2 and 3: the answer those frames make. */
function answerOf(frames: Record<string, unknown>[], start: AnswerState = submittedAnswer()): AnswerState {
  return eventsOf(frames).reduce((state, event) => reduceAnswer(state, { type: 'event', event } satisfies AnswerAction), start);
}

describe('message_file text (checklist 8)', () => {
  it('appends message_file frames that carry answer text, and keeps the ones that carry a file as progress, not text', () => {
    const events = eventsOf(imageFirst(['Here is ', 'your cat.']));
    expect(events.map((event) => ('progress' in event ? 'file' : event.type))).toEqual(['file', 'message_file', 'message_file']);
    const answer = answerOf([...imageFirst(['Here is ', 'your cat.']), { event: 'message_end', metadata: {} }]);
    expect(answer).toMatchObject({ status: 'ready', ending: 'complete', text: 'Here is your cat.' });
    expect(answer.progress).toHaveLength(1);
  });
});

describe('the end of a chatflow run (checklist 3)', () => {
  it('ends the answer as the app’s failure, with Dify’s reason, when workflow_finished says failed', () => {
    const answer = answerOf([...chatflowStart('status '), ...failedRun('[Errno 111] Connection refused')]);
    expect(answer).toMatchObject({
      status: 'error',
      ending: 'failed',
      text: 'status ',
      problem: { kind: 'run-failed', code: 'workflow_failed', detail: '[Errno 111] Connection refused' },
    });
  });

  it('ends the answer the same way when the run was stopped elsewhere', () => {
    const answer = answerOf([...chatflowStart('slow server said '), workflowFinished('stopped', 'Stopped by user.')]);
    expect(answer).toMatchObject({ status: 'error', problem: { kind: 'run-failed', code: 'workflow_stopped' } });
  });

  it('leaves a completed answer untouched when workflow_finished succeeded follows message_end', () => {
    const completed = answerOf([...chatflowStart('Hi'), { event: 'message_end', metadata: {} }]);
    const [finished] = eventsOf([workflowFinished('succeeded')]);
    if (!finished) throw new Error('workflow_finished was not read');
    expect(reduceAnswer(completed, { type: 'event', event: finished })).toBe(completed);
  });

  it('does not end the answer on a successful workflow_finished that comes first, as before 1.13.3', () => {
    const answer = answerOf([
      ...chatflowStart('Hi'),
      workflowFinished('succeeded'),
      chatflowDelta('!'),
      { event: 'message_end', metadata: {} },
    ]);
    expect(answer).toMatchObject({ status: 'ready', ending: 'complete', text: 'Hi!' });
  });

  it('ends the answer as the app’s failure on Dify main’s bare error frame, which has no code', () => {
    const event = toDifyEvent({ event: undefined, data: '{"event":"error","message":"name is required in input form","status":500}' });
    if (!event || 'audio' in event) throw new Error('the bare error frame was not read');
    expect(reduceAnswer(submittedAnswer(), { type: 'event', event })).toMatchObject({
      status: 'error',
      ending: 'failed',
      problem: { kind: 'run-failed', status: 500, detail: 'name is required in input form' },
    });
  });
});

describe('a human-input pause (checklist 7)', () => {
  it('is a pause, not an error: the answer so far, with the form to answer', () => {
    const answer = answerOf([...chatflowStart('Checking… '), ...pause()]);
    expect(answer).toMatchObject({ status: 'ready', ending: 'paused', text: 'Checking… ', messageId: 'm1' });
    expect(answer.problem).toBeUndefined();
    expect(answer.pause?.runId).toBe(runId);
    expect(answer.pause?.forms.map(readHumanInputForm)).toEqual([
      {
        token: formToken,
        title: 'Manager approval',
        content: 'Please **approve** the refund of 20 €.\n\n',
        fields: [{ name: 'comment', type: 'paragraph', options: [], defaultValue: 'Looks fine' }],
        actions: [
          { id: 'approve', title: 'Approve', style: 'primary' },
          { id: 'reject', title: 'Reject', style: 'default' },
        ],
        expiresAt: 1_900_000_000,
      },
    ]);
  });

  it('reads the reasons whether their type key is TYPE or type, and prefers the resolved defaults', () => {
    const form = approvalForm({ resolved_default_values: { comment: 'From the run' } });
    const answer = answerOf(pause(form, 'type'));
    expect(answer.pause?.forms.map((each) => readHumanInputForm(each)?.fields[0]?.defaultValue)).toEqual(['From the run']);
  });

  it('keeps the forms of human_input_required when workflow_paused lists no reasons', () => {
    const [, required] = pause();
    const answer = answerOf([required ?? {}, { event: 'workflow_paused', workflow_run_id: runId, data: { workflow_run_id: runId } }]);
    expect(answer.pause?.forms.map((each) => readHumanInputForm(each)?.token)).toEqual([formToken]);
  });

  it('keeps a form that is not delivered to the web app, without a token to answer it with', () => {
    const answer = answerOf(pause(approvalForm({ form_token: null })));
    expect(readHumanInputForm(answer.pause?.forms[0] ?? {})?.token).toBeUndefined();
  });

  it('continues the same answer when the resumed run streams, ending with message_end', () => {
    const paused = answerOf([...chatflowStart('Checking… '), ...pause()]);
    const resumed = answerOf(resumption('Refund approved.'), resumedAnswer(paused));
    expect(resumed).toMatchObject({ status: 'ready', ending: 'complete', text: 'Checking… Refund approved.', messageId: 'm1' });
    expect(resumed.pause).toBeUndefined();
  });
});

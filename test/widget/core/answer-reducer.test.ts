import { describe, expect, it } from 'vitest';
import { reduceAnswer, submittedAnswer, type AnswerAction, type AnswerState } from '../../../widget/core/answer.ts';
import type { DifyEvent } from '../../../widget/core/dify-events.ts';
import { toDifyEvent, toDifyEventStream } from '../../../widget/core/dify-events.ts';
import { toServerSentEvents } from '../../../widget/core/sse.ts';
import { streamFixtures } from '../fixtures/dify-streams.ts';
import { collect, streamOf } from '../fixtures/streams.ts';

const ids = { conversationId: 'c1', messageId: 'm1', taskId: 't1' };
const delta = (text: string, type: 'message' | 'agent_message' = 'message'): AnswerAction => ({
  type: 'event',
  event: { type, text, ...ids },
});
const fold = (actions: AnswerAction[], start: AnswerState = submittedAnswer()) => actions.reduce(reduceAnswer, start);

describe('reduceAnswer', () => {
  it('starts a sent answer as submitted with no text', () => {
    expect(submittedAnswer()).toEqual({ status: 'submitted', text: '' });
  });

  it('appends message deltas, moves to streaming and records the ids', () => {
    expect(fold([delta('Hel'), delta('lo')])).toEqual({ status: 'streaming', text: 'Hello', ...ids });
  });

  it('appends agent_message deltas the same way', () => {
    expect(fold([delta('Let me ', 'agent_message'), delta('check', 'agent_message')]).text).toBe('Let me check');
  });

  it('replaces all text on message_replace and remembers why', () => {
    const state = fold([
      delta('bad words'),
      { type: 'event', event: { type: 'message_replace', text: 'Sorry.', reason: 'output_moderation', ...ids } },
    ]);
    expect(state).toMatchObject({ status: 'streaming', text: 'Sorry.', replacedBecause: 'output_moderation' });
  });

  it('completes on message_end and keeps its metadata', () => {
    const metadata = { usage: { total_tokens: 3 } };
    const state = fold([delta('Hi'), { type: 'event', event: { type: 'message_end', metadata, ...ids } }]);
    expect(state).toEqual({ status: 'ready', ending: 'complete', text: 'Hi', metadata, ...ids });
  });

  it('fails on an error event, keeps the partial text and describes the problem', () => {
    const error: DifyEvent = { type: 'error', code: 'completion_request_error', status: 400, message: 'model down' };
    const state = fold([delta('Part'), { type: 'event', event: error }]);
    expect(state).toMatchObject({
      status: 'error',
      ending: 'failed',
      text: 'Part',
      problem: { kind: 'interrupted', code: 'completion_request_error', detail: 'model down' },
    });
  });

  it('treats an in-stream rate-limit error as rate-limited', () => {
    const state = fold([{ type: 'event', event: { type: 'error', code: 'rate_limit_error', status: 429, message: 'slow down' } }]);
    expect(state.problem?.kind).toBe('rate-limited');
  });

  it('ends as aborted (not an error) when the visitor stops, keeping the partial text', () => {
    expect(fold([delta('Half'), { type: 'aborted' }])).toMatchObject({ status: 'ready', ending: 'aborted', text: 'Half' });
  });

  it('ends as disconnected when the stream closes without message_end or error', () => {
    expect(fold([delta('Half'), { type: 'disconnected' }])).toMatchObject({
      status: 'error',
      ending: 'disconnected',
      text: 'Half',
      problem: { kind: 'disconnected' },
    });
  });

  it('ends as failed with the transport problem when the request fails', () => {
    const problem = { kind: 'rate-limited' as const, code: 'too_many_requests', status: 429, retryAfterSeconds: 30 };
    expect(fold([{ type: 'failed', problem }])).toMatchObject({ status: 'error', ending: 'failed', problem });
  });

  it('ignores everything after the answer settled, returning the same object', () => {
    const done = fold([delta('Done'), { type: 'event', event: { type: 'message_end', metadata: {}, ...ids } }]);
    expect(reduceAnswer(done, delta(' more'))).toBe(done);
    expect(reduceAnswer(done, { type: 'aborted' })).toBe(done);
    expect(reduceAnswer(done, { type: 'disconnected' })).toBe(done);
    const failed = fold([{ type: 'disconnected' }]);
    expect(reduceAnswer(failed, delta('late'))).toBe(failed);
  });

  it('is not moved by events it does not handle: stage 2 drops them, so the answer stays the same object', () => {
    const streaming = fold([delta('Hi')]);
    // Node and agent events are progress now (recorded for the steps view, widget/steps/): not in this list.
    const unread = ['ping', 'workflow_started', 'workflow_finished', 'tts_message', 'tts_message_end', 'a_future_event'];
    for (const name of unread) {
      const event = toDifyEvent({
        event: undefined,
        data: JSON.stringify({ event: name, answer: 'x', task_id: 't1', conversation_id: 'c2' }),
      });
      const next = event === undefined || 'audio' in event ? streaming : reduceAnswer(streaming, { type: 'event', event });
      expect(next, name).toBe(streaming);
    }
  });

  it('builds the full answer from every generated stream', async () => {
    for (const fixture of streamFixtures) {
      const events = await collect(toDifyEventStream(toServerSentEvents(streamOf([fixture.bytes]))));
      const state = fold(events.flatMap((event): AnswerAction[] => ('audio' in event ? [] : [{ type: 'event', event }])));
      const expectedText = fixture.expected.reduce((text, event) => {
        if (event.type === 'message' || event.type === 'agent_message') return text + event.text;
        return event.type === 'message_replace' ? event.text : text;
      }, '');
      expect(state.text, fixture.name).toBe(expectedText);
      expect(state.status, fixture.name).toBe(fixture.name.startsWith('error') ? 'error' : 'ready');
    }
  });
});

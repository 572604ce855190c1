/**
 * Human input (dify-api.md §11.2), the answer: POST /form/human_input/{token} resumes the run, whose frames
 * reach GET /workflow/{run_id}/events (with or without a state snapshot).
 */
import { describe, expect, it } from 'vitest';
import type { DifyVersion } from '../../demo/simulator/index.ts';
import { asArray, asRecord, call, chatBody, keys, request, text, useSimulator } from './support.ts';
import { dataOf, follow, pause } from './human-input-support.ts';

describe('answering a human-input form', () => {
  const simulator = useSimulator();

  it('answers the form with 200 {} and resumes the run: workflow_started "resumption", human_input_form_filled, then the answer', async () => {
    const { runId, token, first } = await pause(simulator());
    const following = await follow(simulator(), runId);
    const answered = await call(simulator(), keys.chatflow, 'POST', `/form/human_input/${token}`, {
      json: { inputs: { comment: 'looks right' }, action: 'approve', user: 'alice' },
    });
    expect([answered.status, answered.body]).toEqual([200, {}]);
    const body = await following.text();
    expect(body.startsWith('event: ping\n\n')).toBe(true);
    const events = dataOf(body);
    const names = events.map((event) => event['event']);
    expect(names.slice(0, 3)).toEqual(['workflow_started', 'human_input_form_filled', 'node_finished']);
    expect(names.slice(-2)).toEqual(['message_end', 'workflow_finished']);
    expect(asRecord(events[0]?.['data'])['reason']).toBe('resumption');
    expect(asRecord(events[1]?.['data'])).toEqual({
      node_id: 'approval',
      node_title: 'Approval',
      rendered_content: expect.stringContaining('looks right'),
      action_id: 'approve',
      action_text: 'Approve',
      submitted_data: { comment: 'looks right' },
    });
    expect(events.every((event) => event['message_id'] === first['message_id'])).toBe(true);
    const answer = events
      .filter((event) => event['event'] === 'message')
      .map((event) => String(event['answer']))
      .join('');
    expect(answer).toContain('looks right');
    const { body: listed } = await call(simulator(), keys.chatflow, 'GET', '/messages', {
      query: { user: 'alice', conversation_id: text(first, 'conversation_id') },
    });
    const message = asRecord(asArray(asRecord(listed)['data'])[0]);
    expect(message).toMatchObject({ status: 'normal', answer });
    expect(asRecord(asArray(message['extra_contents'])[0])).toMatchObject({
      submitted: true,
      form_definition: expect.objectContaining({ form_token: null }),
      form_submission_data: expect.objectContaining({ action_id: 'approve', submitted_data: { comment: 'looks right' } }),
    });
  });

  it('refuses a second answer and a read of an answered form with 412 human_input_form_submitted', async () => {
    const { token } = await pause(simulator());
    const answer = { inputs: {}, action: 'reject', user: 'alice' };
    expect((await call(simulator(), keys.chatflow, 'POST', `/form/human_input/${token}`, { json: answer })).status).toBe(200);
    const again = await call(simulator(), keys.chatflow, 'POST', `/form/human_input/${token}`, { json: answer });
    expect(again.status).toBe(412);
    expect(again.body).toMatchObject({
      code: 'human_input_form_submitted',
      message: expect.stringMatching(/^This form has already been submitted by another user, form_id=/),
    });
    expect((await call(simulator(), keys.chatflow, 'GET', `/form/human_input/${token}`)).body).toMatchObject({
      code: 'human_input_form_submitted',
    });
  });

  it('answers 404 "Form not found" for an unknown token and for a token of another app', async () => {
    const { token } = await pause(simulator());
    const notFound = { code: 'not_found', message: 'Form not found', status: 404 };
    expect((await call(simulator(), keys.chatflow, 'GET', '/form/human_input/no-such-token')).body).toEqual(notFound);
    const other = await call(simulator(), keys.workflow, 'GET', `/form/human_input/${token}`);
    expect([other.status, other.body]).toEqual([404, notFound]);
  });

  it("checks an answer: user, inputs and action required, the action one of the form's (400 invalid_form_data)", async () => {
    const { token } = await pause(simulator());
    const post = (json: Record<string, unknown>) => call(simulator(), keys.chatflow, 'POST', `/form/human_input/${token}`, { json });
    expect((await post({ inputs: {}, action: 'approve' })).body).toEqual({
      code: 'invalid_param',
      message: 'Arg user must be provided.',
      status: 400,
    });
    expect((await post({ inputs: {}, user: 'alice' })).body).toMatchObject({
      code: 'invalid_param',
      message: expect.stringContaining('action\n  Field required'),
    });
    expect((await post({ action: 'approve', user: 'alice' })).body).toMatchObject({
      message: expect.stringContaining('inputs\n  Field required'),
    });
    const wrong = await post({ inputs: {}, action: 'maybe', user: 'alice' });
    expect([wrong.status, wrong.body]).toEqual([400, { code: 'invalid_form_data', message: 'Invalid action: maybe', status: 400 }]);
  });

  it('replays a paused run with include_state_snapshot=true and closes at workflow_paused, so a reload can show the form', async () => {
    const { runId, events } = await pause(simulator());
    const response = await follow(simulator(), runId, { include_state_snapshot: 'true' });
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const replayed = dataOf(await response.text());
    expect(replayed.map((event) => event['event'])).toEqual([
      'workflow_started',
      'message_replace',
      'node_started',
      'node_finished',
      'node_started',
      'human_input_required',
      'workflow_paused',
    ]);
    expect(asRecord(replayed[5]?.['data'])['form_token']).toBe(asRecord(events[4]?.['data'])['form_token']);
  });

  it('sends a finished run as one json.dumps-spaced workflow_finished frame, without a ping', async () => {
    const response = await request(simulator(), keys.chatflow, 'POST', '/chat-messages', { json: chatBody('echo: done') });
    const runId = text(dataOf(await response.text())[0], 'workflow_run_id');
    const body = await (await follow(simulator(), runId)).text();
    expect(body).toMatch(
      /^data: \{"event": "workflow_finished", "task_id": "[0-9a-f-]{36}", "workflow_run_id": "[0-9a-f-]{36}", "data": \{.*\}\}\n\n$/,
    );
  });

  it('hides a run from another user (404) and refuses chat apps (400 not_workflow_app)', async () => {
    const { runId } = await pause(simulator());
    const other = await call(simulator(), keys.chatflow, 'GET', `/workflow/${runId}/events`, { query: { user: 'bob' } });
    expect([other.status, other.body]).toEqual([404, { code: 'not_found', message: 'Workflow run not found', status: 404 }]);
    const chat = await call(simulator(), keys.chat, 'GET', `/workflow/${runId}/events`, { query: { user: 'alice' } });
    expect(chat.body).toMatchObject({ code: 'not_workflow_app', status: 400 });
  });
});

describe('following a run with continue_on_pause=true and no snapshot', () => {
  const simulator = useSimulator({ pingIntervalMs: 20, workerIdleCloseMs: 150 });

  it('does not close at workflow_finished: the stream pings on until its idle close (§11.2)', async () => {
    const { runId, token } = await pause(simulator());
    const following = await follow(simulator(), runId, { continue_on_pause: 'true' });
    await call(simulator(), keys.chatflow, 'POST', `/form/human_input/${token}`, {
      json: { inputs: {}, action: 'approve', user: 'alice' },
    });
    const frames = (await following.text()).split('\n\n').filter((frame) => frame !== '');
    const finished = frames.findIndex((frame) => frame.startsWith('data: {"event":"workflow_finished"'));
    expect(finished).toBeGreaterThan(0);
    expect(frames.slice(finished + 1)).toContain('event: ping');
  });
});

describe('an expired form', () => {
  const simulator = useSimulator({ humanInputExpirySeconds: 0 });

  it('is refused with 412 human_input_form_expired', async () => {
    const { token } = await pause(simulator());
    const { status, body } = await call(simulator(), keys.chatflow, 'GET', `/form/human_input/${token}`);
    expect(status).toBe(412);
    expect(body).toMatchObject({ code: 'human_input_form_expired', message: expect.stringMatching(/^This form has expired, form_id=/) });
  });
});

describe.each<DifyVersion>(['1.14'])('human input on %s', (dify) => {
  const simulator = useSimulator({ dify });

  it('reports the answer without submitted_data (main ≥ 2026-06-04 adds it)', async () => {
    const { runId, token } = await pause(simulator());
    const following = await follow(simulator(), runId);
    await call(simulator(), keys.chatflow, 'POST', `/form/human_input/${token}`, {
      json: { inputs: {}, action: 'approve', user: 'alice' },
    });
    const filled = dataOf(await following.text()).find((event) => event['event'] === 'human_input_form_filled');
    expect(Object.keys(asRecord(filled?.['data']))).toEqual(['node_id', 'node_title', 'rendered_content', 'action_id', 'action_text']);
  });
});

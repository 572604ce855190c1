/**
 * Human input (dify-api.md §4.5, §11.2), the pause: `scenario: approval` pauses a chatflow or workflow with
 * `human_input_required` then `workflow_paused`, and the form can be read on 1.14+.
 */
import { describe, expect, it } from 'vitest';
import { asArray, asRecord, call, chatBody, keys, request, text, useSimulator } from './support.ts';
import { pause } from './human-input-support.ts';

const formKeys = [
  'form_id',
  'node_id',
  'node_title',
  'form_content',
  'inputs',
  'actions',
  'display_in_ui',
  'form_token',
  'resolved_default_values',
  'expiration_time',
];

describe('a human-input pause', () => {
  const simulator = useSimulator();

  it('sends human_input_required then workflow_paused and closes, with no message_end (§4.5)', async () => {
    const { events } = await pause(simulator());
    expect(events.map((event) => event['event'])).toEqual([
      'workflow_started',
      'node_started',
      'node_finished',
      'node_started',
      'human_input_required',
      'workflow_paused',
    ]);
    const required = asRecord(events[4]);
    expect(Object.keys(required)).toEqual(['event', 'conversation_id', 'message_id', 'created_at', 'task_id', 'workflow_run_id', 'data']);
    expect(Object.keys(asRecord(required['data']))).toEqual(formKeys);
    expect(asRecord(required['data'])).toMatchObject({
      inputs: [{ type: 'paragraph', output_variable_name: 'comment', default: { type: 'constant', selector: [], value: '' } }],
      actions: [
        { id: 'approve', title: 'Approve', button_style: 'primary' },
        { id: 'reject', title: 'Reject', button_style: 'default' },
      ],
      display_in_ui: true,
      resolved_default_values: { comment: '' },
    });
    const paused = asRecord(asRecord(events[5])['data']);
    expect(Object.keys(paused)).toEqual([
      'workflow_run_id',
      'paused_nodes',
      'outputs',
      'reasons',
      'status',
      'created_at',
      'elapsed_time',
      'total_tokens',
      'total_steps',
    ]);
    expect(paused).toMatchObject({ paused_nodes: ['approval'], outputs: {}, status: 'paused' });
    const reason = asRecord(asArray(paused['reasons'])[0]);
    expect(Object.keys(reason)).toEqual([
      'form_id',
      'form_content',
      'inputs',
      'actions',
      'display_in_ui',
      'node_id',
      'node_title',
      'resolved_default_values',
      'form_token',
      'expiration_time',
      'TYPE',
    ]);
    expect(reason['TYPE']).toBe('human_input_required');
  });

  it('saves the message as paused, with the open form in extra_contents (§6.1)', async () => {
    const { first, token } = await pause(simulator());
    const { body } = await call(simulator(), keys.chatflow, 'GET', '/messages', {
      query: { user: 'alice', conversation_id: text(first, 'conversation_id') },
    });
    const message = asRecord(asArray(asRecord(body)['data'])[0]);
    expect(message).toMatchObject({ status: 'paused', answer: '' });
    expect(message['extra_contents']).toEqual([
      {
        workflow_run_id: first['workflow_run_id'],
        submitted: false,
        form_definition: expect.objectContaining({ form_token: token }),
        form_submission_data: null,
        type: 'human_input',
      },
    ]);
  });

  it('serves the form with GET /form/human_input/{token} in json.dumps spacing (§11.2)', async () => {
    const { token } = await pause(simulator());
    const response = await request(simulator(), keys.chatflow, 'GET', `/form/human_input/${token}`);
    const raw = await response.text();
    expect(response.status).toBe(200);
    expect(raw.startsWith('{"form_content": ')).toBe(true);
    const form = asRecord(JSON.parse(raw));
    expect(Object.keys(form)).toEqual(['form_content', 'inputs', 'resolved_default_values', 'user_actions', 'expiration_time']);
    expect(String(form['form_content'])).toContain('{{#$output.comment#}}');
  });

  it('pauses a workflow app the same way, and a blocking chatflow returns the paused body (§4.2)', async () => {
    const { events } = await pause(simulator(), keys.workflow);
    expect(Object.keys(asRecord(events.at(-1)))).toEqual(['event', 'workflow_run_id', 'task_id', 'data']);
    const { status, body } = await call(simulator(), keys.chatflow, 'POST', '/chat-messages', {
      json: chatBody('scenario: approval', { response_mode: 'blocking' }),
    });
    expect(status).toBe(200);
    expect(asRecord(body)['event']).toBe('workflow_paused');
    expect(Object.keys(asRecord(asRecord(body)['data']))).toEqual([
      'id',
      'mode',
      'conversation_id',
      'message_id',
      'workflow_run_id',
      'answer',
      'metadata',
      'created_at',
      'paused_nodes',
      'reasons',
      'status',
      'elapsed_time',
      'total_tokens',
      'total_steps',
    ]);
    const workflow = await call(simulator(), keys.workflow, 'POST', '/workflows/run', {
      json: { inputs: { query: 'scenario: approval' }, user: 'alice', response_mode: 'blocking' },
    });
    expect(asRecord(asRecord(workflow.body)['data'])).toMatchObject({ status: 'paused', finished_at: null, paused_nodes: ['approval'] });
  });
});

describe('human input on 1.13', () => {
  const simulator = useSimulator({ dify: '1.13' });

  it('pauses the same way, but has no endpoints to answer or follow (Flask 404) and no blocking pause branch', async () => {
    const { runId, token, events } = await pause(simulator());
    expect(events.at(-1)?.['event']).toBe('workflow_paused');
    const unknownPath = {
      code: 'not_found',
      message: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
      status: 404,
    };
    expect((await call(simulator(), keys.chatflow, 'GET', `/form/human_input/${token}`)).body).toEqual(unknownPath);
    expect((await call(simulator(), keys.chatflow, 'GET', `/workflow/${runId}/events`, { query: { user: 'alice' } })).body).toEqual(
      unknownPath,
    );
    const blocking = await call(simulator(), keys.chatflow, 'POST', '/chat-messages', {
      json: chatBody('scenario: approval', { response_mode: 'blocking' }),
    });
    expect([blocking.status, blocking.body]).toEqual([
      400,
      { code: 'invalid_param', message: 'queue listening stopped unexpectedly.', status: 400 },
    ]);
  });
});

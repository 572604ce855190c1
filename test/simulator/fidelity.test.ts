/**
 * The simulator fixes of the field-by-field audit (docs/dify-fidelity.md): citations as `message_end` and
 * `/messages` carry them (§4.2, §6.1), the never-configured features of `/parameters` per kind of app (captures
 * 24, 56, 72), the order of text-to-audio's checks (§9.2), the `agent_log` lines of an Agent node (§4.5), opt-in
 * checkbox and hidden inputs (§10.1) and output moderation (§4.4 `message_replace`, §11.1 `text_replace`).
 */
import { describe, expect, it } from 'vitest';
import { allFrames, asArray, asRecord, blockingChat, call, chatBody, keys, payloads, request, text, useSimulator } from './support.ts';

const apps = { plain: 'app-fidelity-plain', form: 'app-fidelity-form' };

describe('what the simulator sends, field by field as Dify does', () => {
  const simulator = useSimulator({
    apps: [
      { key: keys.chat, mode: 'chat', audio: true, followUps: true },
      { key: keys.chatflow, mode: 'advanced-chat' },
      { key: keys.workflow, mode: 'workflow' },
      { key: keys.completion, mode: 'completion' },
      { key: apps.plain, mode: 'chat', fileTypes: [] },
      { key: apps.form, mode: 'chat', checkboxInput: true, hiddenInput: true },
    ],
  });

  it('message_end citations carry every RetrievalSourceMetadata key, files and summary null (§4.2)', async () => {
    const answer = await blockingChat(simulator(), keys.chat, 'Where do I start?');
    const [first] = asArray(asRecord(answer['metadata'])['retriever_resources']);
    expect(Object.keys(asRecord(first))).toEqual([
      'position',
      'dataset_id',
      'dataset_name',
      'document_id',
      'document_name',
      'data_source_type',
      'segment_id',
      'retriever_from',
      'score',
      'hit_count',
      'word_count',
      'segment_position',
      'index_node_hash',
      'content',
      'page',
      'doc_metadata',
      'title',
      'files',
      'summary',
    ]);
  });

  it('/messages lists a citation with its id, message id and created_at, without the live-only keys (§6.1)', async () => {
    const answer = await blockingChat(simulator(), keys.chat, 'Where do I start?');
    const { body } = await call(simulator(), keys.chat, 'GET', '/messages', {
      query: { conversation_id: text(answer, 'conversation_id'), user: 'alice' },
    });
    const [message] = asArray(asRecord(body)['data']);
    const resources = asArray(asRecord(message)['retriever_resources']).map(asRecord);
    expect(Object.keys(resources[0] ?? {})).toEqual([
      'id',
      'message_id',
      'position',
      'dataset_id',
      'dataset_name',
      'document_id',
      'document_name',
      'data_source_type',
      'segment_id',
      'score',
      'hit_count',
      'word_count',
      'segment_position',
      'index_node_hash',
      'content',
      'summary',
      'created_at',
    ]);
    const live = asArray(asRecord(answer['metadata'])['retriever_resources']).map(asRecord);
    expect(resources.map((resource) => [resource['document_name'], resource['content'], resource['score']])).toEqual(
      live.map((resource) => [resource['document_name'], resource['content'], resource['score']]),
    );
    expect(resources[0]?.['message_id']).toBe(answer['message_id']);
  });

  it('a chatflow or workflow app whose features were never configured answers /parameters as captures 24 and 56 do', async () => {
    for (const key of [keys.chatflow, keys.workflow]) {
      const parameters = asRecord((await call(simulator(), key, 'GET', '/parameters')).body);
      expect(parameters['text_to_speech']).toEqual({ enabled: false, language: '', voice: '' });
      expect(parameters['sensitive_word_avoidance']).toEqual({ enabled: false });
      expect(parameters['file_upload']).toEqual({
        enabled: false,
        allowed_file_types: ['image'],
        allowed_file_extensions: [],
        allowed_file_upload_methods: ['local_file', 'remote_url'],
        number_limits: 3,
        image: { enabled: false, number_limits: 3, transfer_methods: ['local_file', 'remote_url'] },
      });
    }
  });

  it('an easy-UI app whose features were never configured answers /parameters as capture 72 does', async () => {
    const parameters = asRecord((await call(simulator(), apps.plain, 'GET', '/parameters')).body);
    expect(parameters['text_to_speech']).toEqual({ enabled: false });
    expect(parameters['sensitive_word_avoidance']).toEqual({ enabled: false, type: '', config: {} });
    expect(parameters['file_upload']).toEqual({
      image: { enabled: false, number_limits: 3, detail: 'high', transfer_methods: ['remote_url', 'local_file'] },
    });
  });

  it('text-to-audio answers null for an unknown message id even where TTS is off (§9.2)', async () => {
    const { status, body } = await call(simulator(), keys.completion, 'POST', '/text-to-audio', {
      json: { message_id: '00000000-0000-4000-8000-000000000001', user: 'alice' },
    });
    expect([status, body]).toEqual([200, null]);
  });

  it('text-to-audio asks for a text before it checks the feature, and checks it only without a voice (§9.2)', async () => {
    const empty = await call(simulator(), keys.completion, 'POST', '/text-to-audio', { json: { user: 'alice' } });
    expect([empty.status, empty.body]).toEqual([400, { code: 'invalid_param', message: 'Text is required', status: 400 }]);
    const off = await call(simulator(), keys.completion, 'POST', '/text-to-audio', { json: { text: 'hi', user: 'alice' } });
    expect([off.status, off.body]).toEqual([400, { code: 'invalid_param', message: 'TTS is not enabled', status: 400 }]);
    const voiced = await request(simulator(), keys.completion, 'POST', '/text-to-audio', {
      json: { text: 'hi', voice: 'alloy', user: 'alice' },
    });
    expect([voiced.status, voiced.headers.get('content-type')]).toEqual([200, 'audio/mpeg']);
  });

  it('text-to-audio finds a message by its id alone, whichever app it belongs to (§9.2)', async () => {
    const answer = await blockingChat(simulator(), keys.chat, 'say something');
    const response = await request(simulator(), keys.completion, 'POST', '/text-to-audio', {
      json: { message_id: text(answer, 'message_id'), voice: 'alloy', user: 'bob' },
    });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'audio/mpeg']);
  });

  it('scenario: steps has an Agent node whose agent_log lines name its execution id and nest by parent_id (§4.5)', async () => {
    const frames = payloads(
      await allFrames(await request(simulator(), keys.chatflow, 'POST', '/chat-messages', { json: chatBody('scenario: steps') })),
    );
    const started = frames.find((frame) => frame['event'] === 'node_started' && asRecord(frame['data'])['node_type'] === 'agent');
    const logs = frames.filter((frame) => frame['event'] === 'agent_log').map((frame) => asRecord(frame['data']));
    expect(logs.map((log) => Object.keys(log))).toEqual(
      Array.from({ length: 2 }, () => ['node_execution_id', 'id', 'label', 'parent_id', 'error', 'status', 'data', 'metadata', 'node_id']),
    );
    expect(logs.map((log) => [log['label'], log['node_execution_id'], log['node_id']])).toEqual([
      ['ROUND 1', asRecord(started?.['data'])['id'], 'researcher'],
      ['CALL current_time', asRecord(started?.['data'])['id'], 'researcher'],
    ]);
    expect(logs[1]?.['parent_id']).toBe(logs[0]?.['id']);
    const finished = frames.findIndex((frame) => frame['event'] === 'node_finished' && asRecord(frame['data'])['node_id'] === 'researcher');
    expect(finished).toBeGreaterThan(frames.findIndex((frame) => frame['event'] === 'agent_log'));
  });
  it('a form can hold a checkbox and a hidden input, as /parameters lists them and a message keeps them (§10.1, §4.1)', async () => {
    const parameters = asRecord((await call(simulator(), apps.form, 'GET', '/parameters')).body);
    expect(asArray(parameters['user_input_form']).slice(-2)).toEqual([
      { checkbox: { variable: 'copy', label: 'Send me a copy', required: false, default: false } },
      { 'text-input': { variable: 'source', label: 'Source', required: false, max_length: 48, default: 'widget', hide: true } },
    ]);
    const answer = await blockingChat(simulator(), apps.form, 'hello', { inputs: { copy: 'yes' } });
    const { body } = await call(simulator(), apps.form, 'GET', '/messages', {
      query: { conversation_id: text(answer, 'conversation_id'), user: 'alice' },
    });
    expect(asRecord(asArray(asRecord(body)['data'])[0])['inputs']).toMatchObject({ copy: true, source: 'widget' });
  });
  it('scenario: moderated streams the answer, then replaces all of it: message_replace in chat and chatflow, text_replace in a workflow', async () => {
    const framesOf = async (key: string, path: string, body: Record<string, unknown>) =>
      payloads(await allFrames(await request(simulator(), key, 'POST', path, { json: body })));
    const chat = await framesOf(keys.chat, '/chat-messages', chatBody('scenario: moderated'));
    const chatflow = await framesOf(keys.chatflow, '/chat-messages', chatBody('scenario: moderated'));
    const workflow = await framesOf(keys.workflow, '/workflows/run', {
      inputs: { query: 'scenario: moderated' },
      response_mode: 'streaming',
      user: 'alice',
    });
    const replaced = 'This answer was withheld by the app’s content policy.';
    const replaceOf = (frames: Record<string, unknown>[]) => frames.find((frame) => String(frame['event']).endsWith('_replace'));
    expect(replaceOf(chat)).toMatchObject({ event: 'message_replace', answer: replaced, reason: '' });
    expect(replaceOf(chatflow)).toMatchObject({ event: 'message_replace', answer: replaced, reason: 'output_moderation' });
    expect(replaceOf(workflow)).toMatchObject({ event: 'text_replace', data: { text: replaced } });
    for (const frames of [chat, chatflow, workflow]) {
      const at = frames.findIndex((frame) => frame === replaceOf(frames));
      expect(frames.slice(0, at).some((frame) => ['message', 'text_chunk'].includes(String(frame['event'])))).toBe(true);
    }
    expect(asRecord(workflow.at(-1)?.['data'])['outputs']).toEqual({ text: replaced });
    const conversationId = text(chat[0], 'conversation_id');
    const { body } = await call(simulator(), keys.chat, 'GET', '/messages', { query: { conversation_id: conversationId, user: 'alice' } });
    expect(asRecord(asArray(asRecord(body)['data'])[0])['answer']).toBe(replaced);
  });
});

import { describe, expect, it } from 'vitest';
import type { AnswerState } from '../../../widget/core/answer.ts';
import { storageKey } from '../../../widget/core/persisted-state.ts';
import { createMemoryStore } from '../../../widget/core/storage.ts';
import { readHumanInputForm } from '../../../widget/human-input/read-form.ts';
import { approvalForm, chatflowStart, formToken, pause, resumption, runId } from '../fixtures/chatflow-frames.ts';
import { conversationId, createFakeProxy, json, messageId, type FakeProxy } from '../fixtures/fake-proxy.ts';
import { setupModel, until } from '../fixtures/widget-model.ts';

/** The forms an answer waits on, narrowed as the form view narrows them. */
const formsOf = (answer: AnswerState | undefined) =>
  (answer?.pause?.forms ?? []).map(readHumanInputForm).filter((form) => form !== undefined);

const formPath = `/v1/form/human_input/${formToken}`;
const eventsPath = `/v1/workflow/${runId}/events`;

/** A chatflow whose first answer pauses on the approval form. */
async function pausedChat(proxy: FakeProxy = createFakeProxy({ mode: 'advanced-chat' }), store = createMemoryStore()) {
  const setup = setupModel({ proxy, store });
  await setup.model.activate();
  const streamOpened = proxy.nextStream();
  const sending = setup.model.sendMessage('Refund my order');
  const stream = await streamOpened;
  stream.write('event: ping\n\n');
  for (const frame of [...chatflowStart('Asking a manager… '), ...pause()]) stream.frame(frame);
  await sending;
  const turn = setup.model.chat.turns.value[0];
  const record = turn?.answer.value.pause?.forms[0];
  const form = record && readHumanInputForm(record);
  if (!turn || !form) throw new Error('the answer did not pause on a form');
  const stored = () => JSON.parse(store.getItem(storageKey(proxy.base, undefined)) ?? '{}').conversation;
  return { ...setup, turn, form, stored };
}

describe('a paused chatflow answer', () => {
  it('is not an error: it shows the answer so far, waits on the form, and is kept for a reload', async () => {
    const { model, turn, stored, events } = await pausedChat();
    expect(turn.answer.value).toMatchObject({ status: 'ready', ending: 'paused', text: 'Asking a manager… ' });
    expect(model.chat.busy.value).toBe(false);
    expect(stored().pause).toMatchObject({ runId, messageId, forms: [{ form_token: formToken, node_title: 'Manager approval' }] });
    expect(events.at(-1)).toMatchObject({ name: 'message', detail: { role: 'assistant', ending: 'paused' } });
  });

  it('answers the form through the proxy, after opening the run’s events, and shows the resumed answer in the same turn', async () => {
    const { model, proxy, turn, form, stored } = await pausedChat();
    const eventsOpened = proxy.nextStream();
    const answering = model.chat.answerForm(turn, form, { inputs: { comment: 'OK' }, action: 'approve' });
    const events = await eventsOpened;
    await until(() => proxy.requestsTo('POST', formPath).length === 1, 'the form answer');
    const order = proxy.requests.map((request) => `${request.method} ${request.path}`);
    expect(order.indexOf(`GET ${eventsPath}`)).toBeLessThan(order.indexOf(`POST ${formPath}`));
    expect(proxy.requestsTo('POST', formPath)[0]?.body).toEqual({ inputs: { comment: 'OK' }, action: 'approve' });
    expect(turn.answer.value.status).toBe('submitted');
    expect(model.chat.busy.value).toBe(true);
    events.write('event: ping\n\n');
    for (const frame of resumption('Refund approved.')) events.frame(frame);
    expect(await answering).toBeUndefined();
    expect(turn.answer.value).toMatchObject({ status: 'ready', ending: 'complete', text: 'Asking a manager… Refund approved.' });
    expect(model.chat.turns.value).toHaveLength(1);
    expect(stored().pause).toBeUndefined();
  });

  it('shows the form again when the resumed run pauses again', async () => {
    const { model, proxy, turn, form } = await pausedChat();
    const eventsOpened = proxy.nextStream();
    const answering = model.chat.answerForm(turn, form, { inputs: { comment: '' }, action: 'approve' });
    const events = await eventsOpened;
    for (const frame of [
      ...chatflowStart('Now finance… ', 'resumption'),
      ...pause(approvalForm({ form_token: 'form-token-2', node_title: 'Finance' })),
    ])
      events.frame(frame);
    await answering;
    expect(turn.answer.value).toMatchObject({ ending: 'paused', text: 'Asking a manager… Now finance… ' });
    expect(formsOf(turn.answer.value).map((each) => each.title)).toEqual(['Finance']);
  });

  it('gives back a refused answer for the form to show, and keeps the form open', async () => {
    const proxy = createFakeProxy({ mode: 'advanced-chat' });
    proxy.route('POST', '/v1/form/human_input/:token', () =>
      json({ code: 'invalid_form_data', message: 'comment is required', status: 400 }, 400),
    );
    const { model, turn, form } = await pausedChat(proxy);
    const eventsOpened = proxy.nextStream();
    const problem = await model.chat.answerForm(turn, form, { inputs: {}, action: 'approve' });
    expect(problem).toMatchObject({ kind: 'invalid', code: 'invalid_form_data', detail: 'comment is required' });
    expect((await eventsOpened).aborted).toBe(true);
    expect(turn.answer.value).toMatchObject({ ending: 'paused' });
    expect(formsOf(turn.answer.value)[0]?.closed).toBeUndefined();
  });

  it.each([
    ['human_input_form_submitted', 412, 'submitted'],
    ['human_input_form_expired', 412, 'expired'],
    ['not_found', 404, 'gone'],
  ])('closes the form when Dify answers %s', async (code, status, closed) => {
    const proxy = createFakeProxy({ mode: 'advanced-chat' });
    proxy.route('POST', '/v1/form/human_input/:token', () => json({ code, message: 'No.', status }, status));
    const { model, turn, form } = await pausedChat(proxy);
    expect(await model.chat.answerForm(turn, form, { inputs: {}, action: 'approve' })).toMatchObject({ code });
    expect(formsOf(turn.answer.value)[0]?.closed).toBe(closed);
  });

  it('leaves the form open and sends nothing when the run cannot be followed', async () => {
    const proxy = createFakeProxy({ mode: 'advanced-chat' });
    proxy.route('GET', '/v1/workflow/:run/events', () => json({ code: 'not_found', message: 'Workflow run not found', status: 404 }, 404));
    const { model, turn, form } = await pausedChat(proxy);
    expect(await model.chat.answerForm(turn, form, { inputs: {}, action: 'approve' })).toMatchObject({ kind: 'not-found' });
    expect(proxy.requestsTo('POST', formPath)).toHaveLength(0);
    expect(formsOf(turn.answer.value)[0]?.closed).toBeUndefined();
  });

  it('stops the resumed run with Stop, like any answer', async () => {
    const { model, proxy, turn, form } = await pausedChat();
    const eventsOpened = proxy.nextStream();
    const answering = model.chat.answerForm(turn, form, { inputs: { comment: 'OK' }, action: 'approve' });
    const events = await eventsOpened;
    await until(() => proxy.requestsTo('POST', formPath).length === 1);
    events.frame({ event: 'message', answer: 'Refund ' });
    await until(() => turn.answer.value.text.endsWith('Refund '));
    model.chat.stop();
    await answering;
    expect(events.aborted).toBe(true);
    expect(turn.answer.value).toMatchObject({ status: 'ready', ending: 'aborted' });
  });
});

describe('a paused answer after a reload', () => {
  const pausedHistory = (extra: Record<string, unknown> = {}) =>
    json({
      has_more: false,
      data: [
        {
          id: messageId,
          conversation_id: conversationId,
          query: 'Refund my order',
          answer: 'Asking a manager… ',
          status: 'paused',
          inputs: {},
          ...extra,
        },
      ],
    });

  async function reload(proxy: FakeProxy, store = createMemoryStore()) {
    const setup = setupModel({ proxy, store });
    await setup.model.activate();
    return setup.model.chat.turns.value.at(-1)?.answer.value;
  }

  it('shows the stored form again, as Dify reads it now', async () => {
    const proxy = createFakeProxy({ mode: 'advanced-chat' });
    const { store } = await pausedChat(proxy);
    proxy.route('GET', '/v1/messages', () => pausedHistory());
    proxy.route('GET', formPath, () =>
      json({
        form_content: 'Approve 25 €?',
        inputs: [],
        resolved_default_values: {},
        user_actions: [{ id: 'approve', title: 'Approve', button_style: 'primary' }],
        expiration_time: 1,
      }),
    );
    const answer = await reload(proxy, store);
    expect(answer).toMatchObject({ ending: 'paused', text: 'Asking a manager… ' });
    expect(formsOf(answer)[0]).toMatchObject({ token: formToken, title: 'Manager approval', content: 'Approve 25 €?' });
    expect(answer?.pause?.runId).toBe(runId);
  });

  it('shows a stored form that was answered or expired meanwhile as closed', async () => {
    const proxy = createFakeProxy({ mode: 'advanced-chat' });
    const { store } = await pausedChat(proxy);
    proxy.route('GET', '/v1/messages', () => pausedHistory());
    proxy.route('GET', formPath, () => json({ code: 'human_input_form_expired', message: 'This form has expired', status: 412 }, 412));
    expect(formsOf(await reload(proxy, store))[0]?.closed).toBe('expired');
  });

  it('keeps the stored form when it cannot be read right now', async () => {
    const proxy = createFakeProxy({ mode: 'advanced-chat' });
    const { store } = await pausedChat(proxy);
    proxy.route('GET', '/v1/messages', () => pausedHistory());
    proxy.route('GET', formPath, () => json({ code: 'internal_server_error', message: 'boom', status: 500 }, 500));
    expect(formsOf(await reload(proxy, store))[0]).toMatchObject({
      token: formToken,
      content: 'Please **approve** the refund of 20 €.\n\n',
    });
  });

  it('takes the form from the message’s extra_contents when nothing is stored', async () => {
    const proxy = createFakeProxy({ mode: 'advanced-chat' });
    const { store } = await pausedChat(proxy);
    const key = storageKey(proxy.base, undefined);
    const saved = JSON.parse(store.getItem(key) ?? '{}');
    store.setItem(key, JSON.stringify({ session: saved.session, conversation: { id: conversationId, user: saved.session.user } }));
    const record = {
      type: 'human_input',
      workflow_run_id: runId,
      submitted: false,
      form_definition: approvalForm(),
      form_submission_data: null,
    };
    proxy.route('GET', '/v1/messages', () => pausedHistory({ extra_contents: [record] }));
    proxy.route('GET', formPath, () => json({ ...approvalForm(), user_actions: approvalForm().actions }));
    const answer = await reload(proxy, store);
    expect(answer?.pause?.runId).toBe(runId);
    expect(formsOf(answer)).toMatchObject([{ token: formToken, title: 'Manager approval' }]);
    expect(JSON.parse(store.getItem(key) ?? '{}').conversation.pause.runId).toBe(runId);
  });

  it('forgets the stored form once the message is no longer paused', async () => {
    const proxy = createFakeProxy({ mode: 'advanced-chat' });
    const { store, stored } = await pausedChat(proxy);
    proxy.route('GET', '/v1/messages', () => pausedHistory({ status: 'normal', answer: 'Asking a manager… Approved.' }));
    expect((await reload(proxy, store))?.ending).toBe('complete');
    expect(stored().pause).toBeUndefined();
    expect(proxy.requestsTo('GET', formPath)).toHaveLength(0);
  });
});

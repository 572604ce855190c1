import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { submittedAnswer, type AnswerState } from '../../../widget/core/answer.ts';
import { describeApp } from '../../../widget/core/app-info.ts';
import { inputsPayload, validateInputs } from '../../../widget/core/inputs.ts';
import { createAnswerSink } from '../../../widget/model/answer-sink.ts';
import { createFakeProxy } from '../fixtures/fake-proxy.ts';
import { setupModel, until } from '../fixtures/widget-model.ts';

const form = [
  { 'text-input': { variable: 'name', label: 'Name', required: true, max_length: 5 } },
  { paragraph: { variable: 'bio', label: 'Bio', required: false } },
  { select: { variable: 'tone', label: 'Tone', required: true, options: ['formal', 'casual'], default: 'formal' } },
  { number: { variable: 'age', label: 'Age', required: false } },
  { external_data_tool: { variable: 'crm', label: 'CRM lookup', required: true } },
  { 'text-input': { label: 'no variable' } },
];

describe('app description', () => {
  it('reads title and icon from /site, mode from /info, and the form and suggestions from /parameters', () => {
    const app = describeApp(
      { name: 'Info name', mode: 'advanced-chat' },
      { title: 'Site title', icon_type: 'emoji', icon: '🤖', icon_background: '#fff' },
      { opening_statement: 'Hello', suggested_questions: ['A?', '', 'B?'], user_input_form: form },
    );
    expect(app).toMatchObject({
      kind: 'chat',
      mode: 'advanced-chat',
      title: 'Site title',
      icon: { kind: 'emoji', emoji: '🤖' },
      openingStatement: 'Hello',
      suggestedQuestions: ['A?', 'B?'],
    });
    expect(app.inputs.map((field) => [field.type, field.variable, field.required])).toEqual([
      ['text-input', 'name', true],
      ['paragraph', 'bio', false],
      ['select', 'tone', true],
      ['number', 'age', false],
    ]);
    expect(app.unsupportedRequiredInputs).toEqual(['CRM lookup']);
  });

  it('falls back to /info for the title and to empty values for malformed responses', () => {
    expect(describeApp({ name: 'Bot', mode: 'completion' }, undefined, 'nonsense')).toMatchObject({
      kind: 'completion',
      title: 'Bot',
      openingStatement: '',
      suggestedQuestions: [],
      inputs: [],
    });
  });

  it('only accepts http(s) image icons', () => {
    expect(describeApp({}, { icon_type: 'image', icon_url: 'javascript:alert(1)' }, {}).icon).toBeUndefined();
    expect(describeApp({}, { icon_type: 'image', icon_url: 'https://cdn.test/i.png' }, {}).icon).toEqual({
      kind: 'image',
      url: 'https://cdn.test/i.png',
    });
  });
});

describe('input validation', () => {
  const fields = describeApp({}, {}, { user_input_form: form }).inputs;

  it('names each invalid field with its issue', () => {
    expect(validateInputs(fields, { name: '', tone: 'loud', age: 'old' })).toEqual({
      name: 'required',
      tone: 'not-an-option',
      age: 'not-a-number',
    });
    expect(validateInputs(fields, { name: 'Alexander', tone: 'formal' })).toEqual({ name: 'too-long' });
    expect(validateInputs(fields, { name: 'Al', tone: 'casual' })).toEqual({});
  });

  it('sends numbers as numbers, leaves out empty optional fields, and passes host-set extras through', () => {
    expect(inputsPayload(fields, { name: 'Al', bio: ' ', tone: 'casual', age: '42' }, { plan: 'pro', name: 'ignored' })).toEqual({
      plan: 'pro',
      name: 'Al',
      tone: 'casual',
      age: 42,
    });
  });
});

describe('chat with required inputs', () => {
  const parameters = { opening_statement: '', suggested_questions: [], user_input_form: form.slice(0, 3) };

  it('refuses the first message until required inputs are filled, then sends them', async () => {
    const proxy = createFakeProxy({ parameters });
    const { model } = setupModel({ proxy });
    await model.activate();
    expect(await model.sendMessage('Hi')).toBe('needs-input');
    expect(model.inputIssues.value).toEqual({ name: 'required' });
    model.setInputValue('name', 'Al');
    expect(model.inputIssues.value).toEqual({});
    const streamOpened = proxy.nextStream();
    const sending = model.sendMessage('Hi');
    (await streamOpened).end();
    await sending;
    expect(proxy.requestsTo('POST', '/v1/chat-messages')[0]?.body?.inputs).toEqual({ name: 'Al', tone: 'formal' });
  });

  it('lets setInputs fill the form from the host page, before or after loading', async () => {
    const proxy = createFakeProxy({ parameters });
    const { model } = setupModel({ proxy });
    model.setInputs({ name: 'Bo' });
    await model.activate();
    expect(model.formFields.value.map((field) => field.variable)).toEqual(['bio', 'tone']);
    expect(model.checkInputs()).toBe(true);
    model.setInputs({ tone: 'casual' });
    expect(model.inputValues.value).toMatchObject({ name: 'Bo', tone: 'casual' });
  });

  it('only holds the visitor to fields they can see: a hidden required input is left to the app', async () => {
    const proxy = createFakeProxy({
      parameters: { user_input_form: [{ 'text-input': { variable: 'plan', label: 'Plan', required: true, hide: true } }] },
    });
    const { model } = setupModel({ proxy });
    const streamOpened = proxy.nextStream();
    const sending = model.sendMessage('Hi');
    const opened = await Promise.race([streamOpened, sending.then(() => undefined)]);
    opened?.end();
    expect(await sending).toBe('sent');
    expect(model.inputIssues.value).toEqual({});
  });
});

describe('completion model', () => {
  it('generates a streamed result from the inputs, and Stop aborts it keeping the text', async () => {
    const proxy = createFakeProxy({
      mode: 'completion',
      parameters: { user_input_form: [{ paragraph: { variable: 'topic', label: 'Topic', required: true } }] },
    });
    const { model, events } = setupModel({ proxy });
    await model.activate();
    model.setInputValue('topic', 'dragons');
    const streamOpened = proxy.nextStream();
    const generating = model.completion.generate();
    const stream = await streamOpened;
    expect(proxy.requestsTo('POST', '/v1/completion-messages')[0]?.body).toEqual({
      inputs: { topic: 'dragons' },
      response_mode: 'streaming',
    });
    stream.delta('Once upon');
    await until(() => model.completion.result.value?.answer.value.text === 'Once upon');
    expect(model.completion.busy.value).toBe(true);
    model.completion.stop();
    await generating;
    expect(model.completion.result.value?.answer.value).toMatchObject({ status: 'ready', ending: 'aborted', text: 'Once upon' });
    expect(events.at(-1)).toMatchObject({ name: 'message', detail: { role: 'assistant', ending: 'aborted' } });
  });

  it('does not send chat messages to a completion app', async () => {
    const proxy = createFakeProxy({ mode: 'completion' });
    const { model } = setupModel({ proxy });
    expect(await model.sendMessage('Hi')).toBe('unavailable');
    expect(proxy.requestsTo('POST', '/v1/chat-messages')).toHaveLength(0);
  });
});

describe('answer sink', () => {
  it('publishes the first delta and the ending at once and coalesces deltas in between into one write per frame', () => {
    const answer = signal<AnswerState>(submittedAnswer());
    const frames: (() => void)[] = [];
    const writes: string[] = [];
    answer.subscribe((state) => writes.push(state.text));
    const sink = createAnswerSink(answer, (callback) => void frames.push(callback));
    const delta = (text: string) => sink.apply({ type: 'event', event: { type: 'message', text } });
    delta('a');
    expect(answer.value.text).toBe('a');
    delta('b');
    delta('c');
    delta('d');
    expect(answer.value.text).toBe('a');
    expect(sink.latest().text).toBe('abcd');
    expect(frames).toHaveLength(1);
    frames[0]?.();
    expect(answer.value.text).toBe('abcd');
    delta('e');
    sink.apply({ type: 'event', event: { type: 'message_end', metadata: {} } });
    expect(answer.value).toMatchObject({ status: 'ready', text: 'abcde' });
    frames[1]?.();
    expect(writes).toEqual(['', 'a', 'abcd', 'abcde']);
  });
});

import { describe, expect, it } from 'vitest';
import { createFakeProxy } from '../fixtures/fake-proxy.ts';
import { bareWorkerError, chatflowStart, failedRun, imageFirst } from '../fixtures/chatflow-frames.ts';
import { setupModel, until } from '../fixtures/widget-model.ts';

/** Sends a message and hands the test its open stream. */
async function sendAndOpen(mode: string, text = 'Hi') {
  const proxy = createFakeProxy({ mode });
  const setup = setupModel({ proxy });
  await setup.model.activate();
  const streamOpened = proxy.nextStream();
  const sending = setup.model.sendMessage(text);
  const stream = await streamOpened;
  const answer = () => setup.model.chat.turns.value.at(-1)?.answer.value;
  return { ...setup, stream, sending, answer };
}

describe('chatflow runs that end without message_end', () => {
  it('shows a failed run as the app’s failure, and ends the answer though Dify keeps the connection open', async () => {
    const { stream, sending, answer, events } = await sendAndOpen('advanced-chat');
    stream.write('event: ping\n\n');
    for (const frame of [...chatflowStart('status '), ...failedRun('[Errno 111] Connection refused')]) stream.frame(frame);
    // No close from the server: the answer's own end must settle it and close the response.
    expect(await sending).toBe('sent');
    expect(answer()).toMatchObject({ status: 'error', ending: 'failed', text: 'status ', problem: { kind: 'run-failed' } });
    await until(() => stream.aborted, 'the widget to close the response');
    expect(events.at(-1)).toMatchObject({
      name: 'error',
      detail: { kind: 'run-failed', message: 'The app couldn’t finish this answer.', detail: '[Errno 111] Connection refused' },
    });
  });

  it('ends the answer on Dify main’s bare error frame, and Retry sends the message again', async () => {
    const { model, proxy, stream, sending, answer } = await sendAndOpen('advanced-chat');
    stream.write(bareWorkerError('name is required in input form'));
    await sending;
    expect(answer()).toMatchObject({ status: 'error', problem: { kind: 'run-failed', detail: 'name is required in input form' } });
    expect(model.chat.busy.value).toBe(false);
    const retryOpened = proxy.nextStream();
    const retrying = model.chat.retry();
    const retry = await retryOpened;
    retry.delta('Fine now.');
    retry.end();
    await retrying;
    expect(answer()).toMatchObject({ status: 'ready', ending: 'complete', text: 'Fine now.' });
  });
});

describe('other answer shapes', () => {
  it('shows text that arrives under message_file (a model that returned an image first)', async () => {
    const { stream, sending, answer } = await sendAndOpen('chat');
    for (const frame of imageFirst(['A cat ', 'on a mat.'])) stream.frame(frame);
    stream.end();
    await sending;
    expect(answer()).toMatchObject({ status: 'ready', ending: 'complete', text: 'A cat on a mat.' });
  });

  it('chats with an app in the agent mode: pings, one message with the whole answer, message_end', async () => {
    const { model, proxy, stream, sending, answer } = await sendAndOpen('agent', 'Plan my trip');
    expect(model.app.value?.kind).toBe('chat');
    stream.write('event: ping\n\nevent: ping\n\n');
    stream.frame({ event: 'message', id: 'm-agent', answer: 'Day 1: Lisbon. Day 2: Porto.' });
    stream.end();
    await sending;
    expect(answer()).toMatchObject({ status: 'ready', ending: 'complete', text: 'Day 1: Lisbon. Day 2: Porto.' });
    expect(proxy.requestsTo('POST', '/v1/chat-messages')[0]?.body).toMatchObject({ query: 'Plan my trip', response_mode: 'streaming' });
    const followUp = proxy.nextStream();
    const next = model.sendMessage('And day 3?');
    await until(() => proxy.requestsTo('POST', '/v1/chat-messages').length === 2);
    (await followUp).end();
    await next;
    expect(proxy.requestsTo('POST', '/v1/chat-messages')[1]?.body?.conversation_id).toBe(answer()?.conversationId);
  });
});

/**
 * The `message_file` text variant (dify-api.md §4.4, `scenario: image-first`): in chat and completion apps a
 * message whose model returned an image first sends that file, then every text delta as `message_file` with
 * `answer`.
 */
import { describe, expect, it } from 'vitest';
import { allFrames, asArray, asRecord, blockingChat, call, chatBody, keys, payloads, request, text, useSimulator } from './support.ts';

const textKeys = ['event', 'conversation_id', 'message_id', 'created_at', 'task_id', 'id', 'answer', 'from_variable_selector'];

describe('scenario: image-first', () => {
  const simulator = useSimulator();

  it('sends the image as a message_file file frame, then every text delta as message_file with answer, then message_end', async () => {
    const events = payloads(
      await allFrames(await request(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('scenario: image-first') })),
    );
    const [file, ...rest] = events;
    expect(Object.keys(asRecord(file))).toEqual([
      'event',
      'conversation_id',
      'message_id',
      'created_at',
      'task_id',
      'id',
      'type',
      'belongs_to',
      'url',
    ]);
    expect(file).toMatchObject({ event: 'message_file', type: 'image', belongs_to: 'assistant' });
    const deltas = rest.slice(0, -1);
    expect(deltas.length).toBeGreaterThan(3);
    for (const delta of deltas) {
      expect(Object.keys(delta)).toEqual(textKeys);
      expect(delta).toMatchObject({ event: 'message_file', id: file?.['message_id'], from_variable_selector: null });
    }
    expect(events.some((event) => event['event'] === 'message')).toBe(false);
    expect(rest.at(-1)?.['event']).toBe('message_end');
    const image = await fetch(text(file, 'url'));
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/png']);
    const answer = deltas.map((delta) => String(delta['answer'])).join('');
    const { body } = await call(simulator(), keys.chat, 'GET', '/messages', {
      query: { user: 'alice', conversation_id: text(file, 'conversation_id') },
    });
    const message = asRecord(asArray(asRecord(body)['data'])[0]);
    expect(message['answer']).toBe(answer);
    expect(message['message_files']).toEqual([expect.objectContaining({ id: file?.['id'], type: 'image', belongs_to: 'assistant' })]);
  });

  it('does the same on completion apps, without conversation_id', async () => {
    const json = { inputs: { topic: 'scenario: image-first', tone: 'casual' }, user: 'alice', response_mode: 'streaming' };
    const events = payloads(await allFrames(await request(simulator(), keys.completion, 'POST', '/completion-messages', { json })));
    expect(events.map((event) => event['event']).slice(0, 2)).toEqual(['message_file', 'message_file']);
    expect(Object.keys(asRecord(events[1]))).toEqual(textKeys.filter((key) => key !== 'conversation_id'));
    expect(events.at(-1)?.['event']).toBe('message_end');
  });

  it('answers the same text in blocking mode', async () => {
    const body = await blockingChat(simulator(), keys.chat, 'scenario: image-first');
    expect(text(body, 'answer')).toMatch(/^Here is the picture/);
  });

  it("is an easy-UI pipeline's: a chatflow answers with message frames", async () => {
    const events = payloads(
      await allFrames(await request(simulator(), keys.chatflow, 'POST', '/chat-messages', { json: chatBody('scenario: image-first') })),
    );
    expect(events.map((event) => event['event'])).toContain('message');
    expect(events.map((event) => event['event'])).not.toContain('message_file');
  });
});

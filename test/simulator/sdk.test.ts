import { ChatClient } from 'dify-client';
import { describe, expect, it } from 'vitest';
import { asRecord, keys, useSimulator } from './support.ts';

describe('the official dify-client SDK', () => {
  const simulator = useSimulator();

  it('runs a blocking chat, lists the conversation and renames it through ChatClient', async () => {
    const client = new ChatClient(keys.chat, simulator().url);
    const created = await client.createChatMessage({}, 'echo: hello from the SDK', 'sdk-user', false);
    expect(created.status).toBe(200);
    const message = asRecord(created.data);
    expect(message).toMatchObject({ event: 'message', answer: 'hello from the SDK', mode: 'chat' });
    const conversationId = String(message['conversation_id']);
    const history = await client.getConversationMessages('sdk-user', conversationId);
    expect(asRecord(history.data)).toMatchObject({ has_more: false, data: [expect.objectContaining({ answer: 'hello from the SDK' })] });
    const conversations = await client.getConversations('sdk-user');
    expect(asRecord(conversations.data)['data']).toEqual([expect.objectContaining({ id: conversationId })]);
    const renamed = await client.renameConversation(conversationId, 'From the SDK', 'sdk-user');
    expect(asRecord(renamed.data)).toMatchObject({ id: conversationId, name: 'From the SDK' });
    const parameters = await client.getApplicationParameters('sdk-user');
    expect(asRecord(parameters.data)).toHaveProperty('user_input_form');
    const deleted = await client.deleteConversation(conversationId, 'sdk-user');
    expect(deleted.status).toBe(204);
  });

  it('surfaces Dify errors as axios errors carrying the Dify body', async () => {
    const client = new ChatClient('app-wrong', simulator().url);
    await expect(client.createChatMessage({}, 'hi', 'sdk-user', false)).rejects.toMatchObject({
      response: { status: 401, data: { code: 'unauthorized', message: 'Access token is invalid', status: 401 } },
    });
  });
});

import { Readable } from 'node:stream';
import { ChatClient, CompletionClient } from 'dify-client';
import { afterEach, describe, expect, it } from 'vitest';
import { field } from '../helpers/api.ts';
import { mintSession, mintSessionFor } from '../helpers/session.ts';
import { dataEvents } from '../helpers/sse.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack | undefined;
// The SDK's typings say number; Dify (and the SDK at runtime) send the string 'like'.
const likeRating: number = JSON.parse('"like"');

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** The SDK returns axios responses; read `.data` without trusting its type. */
function dataOf(response: unknown): unknown {
  if (typeof response !== 'object' || response === null || !('data' in response)) throw new Error('not an axios response');
  return response.data;
}

function listOf(value: unknown): unknown[] {
  if (typeof value === 'object' && value !== null && 'data' in value && Array.isArray(value.data)) return value.data;
  throw new Error(`expected { data: [...] }, got ${JSON.stringify(value)}`);
}

async function readAll(stream: unknown): Promise<string> {
  const chunks: Buffer[] = [];
  if (!(stream instanceof Readable)) throw new Error('expected a Node stream');
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

describe('the official dify-client SDK pointed at the proxy with a session token', () => {
  it('chats blocking and streaming, lists, pages, rates, renames and deletes conversations', async () => {
    stack = await startStack();
    const session = await mintSession(stack.urls.proxy);
    // The SDK's own `user` argument is ignored: the proxy sets the session's.
    const client = new ChatClient(session.token, `${stack.urls.proxy}/v1`);

    const parameters = dataOf(await client.getApplicationParameters('sdk-user'));
    expect(parameters).toHaveProperty('opening_statement');

    const blocking = dataOf(await client.createChatMessage({}, 'echo: hello from the SDK', 'sdk-user', false));
    expect(blocking).toMatchObject({ event: 'message', answer: 'hello from the SDK' });
    const conversationId = field(blocking, 'conversation_id');

    const streamed = await readAll(dataOf(await client.createChatMessage({}, 'echo: streamed reply', 'sdk-user', true, conversationId)));
    const events = dataEvents(streamed);
    expect(
      events
        .filter((event) => event['event'] === 'message')
        .map((event) => field(event, 'answer'))
        .join(''),
    ).toBe('streamed reply');
    expect(events.at(-1)).toMatchObject({ event: 'message_end', conversation_id: conversationId });

    const conversations = listOf(dataOf(await client.getConversations('sdk-user')));
    expect(conversations.map((conversation) => field(conversation, 'id'))).toEqual([conversationId]);

    const messages = listOf(dataOf(await client.getConversationMessages('sdk-user', conversationId, null, 1)));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ query: 'echo: streamed reply' });
    const messageId = field(messages[0], 'id');
    const olderPage = dataOf(await client.getConversationMessages('sdk-user', conversationId, messageId, 1));
    expect(listOf(olderPage)[0]).toMatchObject({ query: 'echo: hello from the SDK' });

    expect(dataOf(await client.messageFeedback(messageId, likeRating, 'sdk-user'))).toEqual({ result: 'success' });
    const rated = listOf(dataOf(await client.getConversationMessages('sdk-user', conversationId)));
    expect(rated.at(-1)).toMatchObject({ feedback: { rating: 'like' } });

    expect(dataOf(await client.renameConversation(conversationId, 'From the SDK', 'sdk-user'))).toMatchObject({ name: 'From the SDK' });
    const deleted = await client.deleteConversation(conversationId, 'sdk-user');
    expect(deleted).toMatchObject({ status: 204 });
    expect(listOf(dataOf(await client.getConversations('sdk-user')))).toEqual([]);

    expect(stack.simulator.requests.every((request) => request.user === session.user)).toBe(true);
  });

  it('runs a completion app through /apps/<id>/v1', async () => {
    stack = await startStack({
      apps: [
        { id: 'chat', mode: 'chat', default: true },
        { id: 'writer', mode: 'completion' },
      ],
    });
    const session = await mintSessionFor(stack.urls.proxy, 'writer');
    const client = new CompletionClient(session.token, `${stack.urls.proxy}/apps/writer/v1`);
    const result = dataOf(await client.createCompletionMessage({ topic: 'echo: written', tone: 'casual' }, 'sdk-user', false));
    expect(result).toMatchObject({ event: 'message', mode: 'completion' });
    expect(stack.simulator.requests.at(-1)?.appKey).toBe(stack.keys['writer']);
  });

  it("sees an expired or missing session as the SDK's authentication failure", async () => {
    stack = await startStack();
    const client = new ChatClient('not-a-session', `${stack.urls.proxy}/v1`);
    await expect(client.getConversations('x')).rejects.toMatchObject({ response: { status: 401 } });
    expect(stack.simulator.requests).toHaveLength(0);
  });
});

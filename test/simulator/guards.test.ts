import { describe, expect, it } from 'vitest';
import { call, keys, useSimulator } from './support.ts';

const uuid = '00000000-0000-4000-8000-000000000000';
const notChatApp = { code: 'not_chat_app', message: 'Please check if your app mode matches the right API route.', status: 400 };
const appUnavailable = { code: 'app_unavailable', message: 'App unavailable, please check your app configurations.', status: 400 };
const notWorkflowApp = { code: 'not_workflow_app', message: 'Please check if your app mode matches the right API route.', status: 400 };

interface Guard {
  name: string;
  key: string;
  method: string;
  path: string;
  json?: unknown;
  query?: Record<string, string>;
  expected: unknown;
}

const guards: Guard[] = [
  {
    name: 'chat-messages on a completion app',
    key: keys.completion,
    method: 'POST',
    path: '/chat-messages',
    json: { inputs: {}, query: 'x', user: 'u' },
    expected: notChatApp,
  },
  {
    name: 'chat-messages on a workflow app',
    key: keys.workflow,
    method: 'POST',
    path: '/chat-messages',
    json: { inputs: {}, query: 'x', user: 'u' },
    expected: notChatApp,
  },
  {
    name: 'chat stop on a completion app',
    key: keys.completion,
    method: 'POST',
    path: '/chat-messages/t/stop',
    json: { user: 'u' },
    expected: notChatApp,
  },
  {
    name: 'completion-messages on a chat app',
    key: keys.chat,
    method: 'POST',
    path: '/completion-messages',
    json: { inputs: {}, user: 'u' },
    expected: appUnavailable,
  },
  {
    name: 'completion stop on a chat app',
    key: keys.chat,
    method: 'POST',
    path: '/completion-messages/t/stop',
    json: { user: 'u' },
    expected: appUnavailable,
  },
  {
    name: 'messages on a completion app',
    key: keys.completion,
    method: 'GET',
    path: '/messages',
    query: { conversation_id: '' },
    expected: notChatApp,
  },
  {
    name: 'suggested on a completion app',
    key: keys.completion,
    method: 'GET',
    path: `/messages/${uuid}/suggested`,
    query: { user: 'u' },
    expected: notChatApp,
  },
  { name: 'conversations on a workflow app', key: keys.workflow, method: 'GET', path: '/conversations', expected: notChatApp },
  {
    name: 'delete conversation on a completion app',
    key: keys.completion,
    method: 'DELETE',
    path: `/conversations/${uuid}`,
    json: { user: 'u' },
    expected: notChatApp,
  },
  {
    name: 'rename conversation on a completion app',
    key: keys.completion,
    method: 'POST',
    path: `/conversations/${uuid}/name`,
    json: { name: 'n', user: 'u' },
    expected: notChatApp,
  },
  {
    name: 'workflows/run on a chat app',
    key: keys.chat,
    method: 'POST',
    path: '/workflows/run',
    json: { inputs: {}, user: 'u' },
    expected: notWorkflowApp,
  },
  {
    name: 'workflow stop on a chatflow app',
    key: keys.chatflow,
    method: 'POST',
    path: '/workflows/tasks/t/stop',
    json: { user: 'u' },
    expected: notWorkflowApp,
  },
  { name: 'workflow run detail on a chat app', key: keys.chat, method: 'GET', path: `/workflows/run/${uuid}`, expected: notWorkflowApp },
];

describe('mode guards', () => {
  const simulator = useSimulator();

  for (const guard of guards) {
    it(`rejects ${guard.name}`, async () => {
      const { status, body } = await call(simulator(), guard.key, guard.method, guard.path, {
        ...(guard.json === undefined ? {} : { json: guard.json }),
        ...(guard.query === undefined ? {} : { query: guard.query }),
      });
      expect([status, body]).toEqual([400, guard.expected]);
    });
  }

  it('checks the user argument before the mode', async () => {
    const { body } = await call(simulator(), keys.completion, 'POST', '/chat-messages', { json: { inputs: {}, query: 'x' } });
    expect(body).toMatchObject({ message: 'Arg user must be provided.' });
  });

  it('checks the mode before the body', async () => {
    const { body } = await call(simulator(), keys.completion, 'POST', '/chat-messages', { json: { user: 'u' } });
    expect(body).toEqual(notChatApp);
  });

  it('serves feedback, parameters, info, site and meta on every mode', async () => {
    for (const key of Object.values(keys)) {
      for (const path of ['/parameters', '/info', '/site', '/meta']) {
        expect((await call(simulator(), key, 'GET', path)).status).toBe(200);
      }
    }
  });
});

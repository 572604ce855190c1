/** What differs by the Dify release the simulator plays (dify-api.md §0): the facts not covered elsewhere. */
import { describe, expect, it } from 'vitest';
import type { DifyVersion } from '../../demo/simulator/index.ts';
import { call, chatBody, keys, request, useSimulator } from './support.ts';

describe.each<{ dify: DifyVersion; server: string; help: boolean }>([
  { dify: '1.13', server: '1.13.3', help: true },
  { dify: '1.14', server: '1.14.2', help: true },
  { dify: 'main', server: '1.14.2', help: false },
])('the simulator playing $dify', ({ dify, server, help }) => {
  const simulator = useSimulator({ dify });

  it(`says it is ${server} in GET /v1/ and in X-Version on every response`, async () => {
    const response = await fetch(`${simulator().url}/`);
    expect(await response.json()).toEqual({ welcome: 'Dify OpenAPI', api_version: 'v1', server_version: server });
    expect(response.headers.get('x-version')).toBe(server);
    const chat = await request(simulator(), keys.chat, 'GET', '/parameters');
    expect(chat.headers.get('x-version')).toBe(server);
  });

  it(
    help ? "appends flask-restx's 404 help to Conversation Not Exists. (captures 05, 91)" : 'answers the bare Conversation Not Exists.',
    async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      const { status, body } = await call(simulator(), keys.chat, 'POST', '/chat-messages', {
        json: chatBody('hi', { conversation_id: unknown, response_mode: 'blocking' }),
      });
      const suffix =
        ' You have requested this URI [/v1/chat-messages] but did you mean /v1/chat-messages or /api/chat-messages or /v1/chat-messages/<string:task_id>/stop ?';
      expect([status, body]).toEqual([404, { code: 'not_found', message: `Conversation Not Exists.${help ? suffix : ''}`, status: 404 }]);
    },
  );

  it(dify === '1.13' ? "renders a run's inputs as a JSON string (capture 54)" : "renders a run's inputs as an object", async () => {
    const run = await call(simulator(), keys.workflow, 'POST', '/workflows/run', { json: { inputs: { query: 'echo: x' }, user: 'alice' } });
    const runId = String((run.body as { workflow_run_id?: unknown }).workflow_run_id);
    const { body } = await call(simulator(), keys.workflow, 'GET', `/workflows/run/${runId}`);
    const inputs = (body as { inputs?: unknown }).inputs;
    expect(typeof inputs).toBe(dify === '1.13' ? 'string' : 'object');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { StopRecord, StreamEndRecord } from '../../demo/simulator/index.ts';
import { field, getJson, postJson } from '../helpers/api.ts';
import { bearer, mintSession, mintSessionFor } from '../helpers/session.ts';
import { dataEvents, readStream, waitForEvent } from '../helpers/sse.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('apps of every mode behind one proxy', () => {
  const apps = [
    { id: 'chat', mode: 'chat', default: true, audio: true },
    { id: 'agent', mode: 'agent-chat' },
    { id: 'chatflow', mode: 'advanced-chat' },
    { id: 'writer', mode: 'completion' },
    { id: 'flow', mode: 'workflow' },
  ] as const;

  it("learns an app's mode from Dify's /info when the config does not say", async () => {
    stack = await startStack({
      apps: [
        { id: 'chat', mode: 'chat' },
        { id: 'writer', mode: 'completion', proxy: { mode: undefined } },
      ],
    });
    const session = await mintSessionFor(stack.urls.proxy, 'writer');
    const chatOnWriter = await postJson(stack.urls.proxy, '/apps/writer/v1/chat-messages', session.token, { query: 'hi', inputs: {} });
    expect(chatOnWriter.status).toBe(404);
    expect(JSON.stringify(await chatOnWriter.json())).toContain('completion app');
    expect(stack.simulator.requests.map((request) => request.path)).toEqual(['/v1/info']);
    const parameters = await getJson(stack.urls.proxy, '/apps/writer/v1/parameters', session.token);
    expect(parameters.status).toBe(200);
    expect(stack.simulator.requests.filter((request) => request.path === '/v1/info')).toHaveLength(1);
  });

  for (const [appId, path, body, stopPath] of [
    [
      'writer',
      'completion-messages',
      { inputs: { topic: 'scenario: slow', tone: 'casual' } },
      (taskId: string) => `/v1/completion-messages/${taskId}/stop`,
    ],
    ['flow', 'workflows/run', { inputs: { query: 'scenario: slow' } }, (taskId: string) => `/v1/workflows/tasks/${taskId}/stop`],
    ['agent', 'chat-messages', { query: 'scenario: slow', inputs: {} }, (taskId: string) => `/v1/chat-messages/${taskId}/stop`],
  ] as const) {
    it(`stops an abandoned ${appId} stream through the endpoint of its mode`, async () => {
      stack = await startStack({ apps: [...apps], simulator: { pingIntervalMs: 100 } });
      const session = await mintSessionFor(stack.urls.proxy, appId);
      const controller = new AbortController();
      const response = await postJson(
        stack.urls.proxy,
        `/apps/${appId}/v1/${path}`,
        session.token,
        { ...body, response_mode: 'streaming' },
        {},
        controller.signal,
      );
      expect(response.status).toBe(200);
      const first = await readStream(response).until((event) => typeof event['task_id'] === 'string');
      const taskId = field(first, 'task_id');
      const stopped = waitForEvent<StopRecord>(stack.simulator.events, 'stop', (record) => record.taskId === taskId);
      const ended = waitForEvent<StreamEndRecord>(stack.simulator.events, 'stream-end', (record) => record.taskId === taskId);
      controller.abort();
      // The proxy aborts the upstream request and calls stop at once; which Dify notices first is a race,
      // and either way the generation ended before its answer did.
      expect(['client-closed', 'stopped']).toContain((await ended).reason);
      expect((await stopped).user).toBe(session.user);
      expect(stack.simulator.requests.some((request) => request.path === stopPath(taskId))).toBe(true);
    });
  }

  it('streams a workflow run to its end and logs its token usage', async () => {
    stack = await startStack({ apps: [...apps] });
    const session = await mintSessionFor(stack.urls.proxy, 'flow');
    const response = await postJson(stack.urls.proxy, '/apps/flow/v1/workflows/run', session.token, {
      inputs: { query: 'echo: flow' },
      response_mode: 'streaming',
    });
    const events = dataEvents(await response.text());
    expect(events.at(-1)).toMatchObject({ event: 'workflow_finished' });
    const logged = await stack.logs.waitFor((entry) => entry['msg'] === 'request' && entry['endpoint'] === 'workflows-run');
    expect(logged['stream']).toMatchObject({ end: 'completed', terminalEvent: 'workflow_finished' });
  });

  it('passes audio through: text-to-audio bytes out, audio-to-text upload in', async () => {
    stack = await startStack({ apps: [...apps] });
    const session = await mintSession(stack.urls.proxy);
    const answer = await postJson(stack.urls.proxy, '/v1/chat-messages', session.token, {
      query: 'echo: hello',
      inputs: {},
      response_mode: 'blocking',
    });
    const messageId = field(await answer.json(), 'message_id');
    const speech = await postJson(stack.urls.proxy, '/v1/text-to-audio', session.token, { message_id: messageId, user: 'someone-else' });
    expect(speech.status).toBe(200);
    expect(speech.headers.get('content-type')).toMatch(/^audio\//);
    expect((await speech.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(2048, 1)], { type: 'audio/mp3' }), 'voice.mp3');
    const transcript = await fetch(`${stack.urls.proxy}/v1/audio-to-text`, { method: 'POST', headers: bearer(session.token), body: form });
    expect(transcript.status).toBe(200);
    expect(await transcript.json()).toHaveProperty('text');
    expect(stack.simulator.requests.every((request) => request.user === undefined || request.user === session.user)).toBe(true);
  });

  it('closes chat endpoints on a workflow app and workflow endpoints on a chat app', async () => {
    stack = await startStack({ apps: [...apps] });
    const onFlow = await mintSessionFor(stack.urls.proxy, 'flow');
    const onChat = await mintSessionFor(stack.urls.proxy, 'chat');
    const conversations = await getJson(stack.urls.proxy, '/apps/flow/v1/conversations', onFlow.token);
    expect(conversations.status).toBe(404);
    const run = await postJson(stack.urls.proxy, '/apps/chat/v1/workflows/run', onChat.token, { inputs: {} });
    expect(run.status).toBe(404);
    const feedbackOnFlow = await postJson(stack.urls.proxy, '/apps/flow/v1/messages/abc/feedbacks', onFlow.token, { rating: 'like' });
    expect(feedbackOnFlow.status).toBe(404);
    expect(stack.simulator.requests).toHaveLength(0);
  });
});

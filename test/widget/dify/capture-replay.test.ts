// @vitest-environment node
/**
 * The bytes a real Dify 1.13.3 sent (test/simulator/fixtures/captures-1.13.3.json, derived from
 * shared/dify-captures/1.13.3) played by a local server, read by the widget's own client, stream pipeline
 * and narrowing code: what the visitor would be shown for each. The audit's table is docs/dify-fidelity.md.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it } from 'vitest';
import captures from '../../simulator/fixtures/captures-1.13.3.json' with { type: 'json' };
import { submittedAnswer } from '../../../widget/core/answer.ts';
import { describeApp } from '../../../widget/core/app-info.ts';
import { readHistoryPage } from '../../../widget/core/history.ts';
import { ProblemError } from '../../../widget/core/http.ts';
import { createProxyClient, type ProxyClient } from '../../../widget/core/proxy-client.ts';
import type { SessionKeeper } from '../../../widget/core/session.ts';
import { createConversationList } from '../../../widget/conversations/conversation-list.ts';
import { readUploadRules } from '../../../widget/media/upload-rules.ts';
import { startAnswer } from '../../../widget/model/answer-run.ts';
import type { Reporter } from '../../../widget/model/reporting.ts';
import { readSources } from '../../../widget/sources/read-sources.ts';
import { foldSteps } from '../../../widget/steps/fold-steps.ts';
import { createWorkflowModel } from '../../../widget/workflow/workflow-model.ts';

type Recorded = (typeof captures.exchanges)[number]['response'];

function recorded(name: string): Recorded {
  const exchange = captures.exchanges.find((candidate) => candidate.name === name);
  if (!exchange) throw new Error(`no capture ${name}`);
  return exchange.response;
}

const json = (name: string): unknown => JSON.parse(recorded(name).body);

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server answering `METHOD /v1/path` with a recorded response, byte for byte (status, content type, body). */
async function replaying(routes: Record<string, string>): Promise<ProxyClient> {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const name = routes[`${request.method} ${request.url?.split('?')[0]}`];
      if (name === undefined) return void response.writeHead(404).end();
      const { status, headers, body } = recorded(name);
      response.writeHead(status, { 'Content-Type': headers['content-type'] ?? 'application/json' });
      response.end(status === 204 ? undefined : body);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const session = { token: 'visitor', user: 'u1', expiresAt: Date.now() / 1000 + 3600 };
  const sessions: SessionKeeper = {
    current: async () => session,
    renew: async () => session,
    identify: async () => session,
    forget: () => undefined,
  };
  return createProxyClient({ proxyBase: `http://127.0.0.1:${port}/`, fetch, sessions });
}

const silent: Reporter = { message: () => undefined, problem: () => undefined, feedback: () => undefined };

/** A chat answer to the recorded stream, as the answer run writes it. */
async function answerTo(name: string) {
  const client = await replaying({ 'POST /v1/chat-messages': name });
  const target = signal(submittedAnswer());
  const run = startAnswer({
    target,
    report: silent,
    open: (abort) => client.openStream('chat-messages', { query: 'q', inputs: {} }, abort),
  });
  await run.done;
  return target.value;
}

const stepsOf = (steps: ReturnType<typeof foldSteps>['steps']) =>
  steps.map((step) => (step.kind === 'node' ? [step.title, step.type, step.status, typeof step.elapsed] : [step.name]));

describe('a chatflow answer from the recorded streams', () => {
  it('01: the echoed text, complete, with its ids, no citations, and the Start and Answer nodes as finished steps', async () => {
    const answer = await answerTo('01-chatflow-echo-streaming');
    expect([answer.status, answer.ending, answer.text]).toEqual(['ready', 'complete', 'You said: hello']);
    expect(answer.messageId).toBe('bfb9955c-99c5-4c56-9d85-195124157f77');
    expect(answer.conversationId).toBe('0b1236ce-3d4e-4edb-8789-bfdb89613f64');
    expect(answer.taskId).toBe('46dab81c-df40-4c5c-9352-06b2950efbc5');
    expect(readSources(answer.metadata?.['retriever_resources'])).toEqual([]);
    expect(stepsOf(foldSteps(answer.progress ?? []).steps)).toEqual([
      ['Start', 'start', 'succeeded', 'number'],
      ['Answer', 'answer', 'succeeded', 'number'],
    ]);
  });

  it('62: a failed HTTP node ends the answer with Dify’s reason, the text so far kept, the node shown failed', async () => {
    const answer = await answerTo('62-chatflow-http-fail-streaming');
    expect([answer.status, answer.ending, answer.text]).toEqual(['error', 'failed', 'status ']);
    expect(answer.problem).toEqual({ kind: 'run-failed', code: 'workflow_failed', detail: '[Errno 111] Connection refused' });
    expect(stepsOf(foldSteps(answer.progress ?? []).steps)).toEqual([
      ['Start', 'start', 'succeeded', 'number'],
      ['HTTP Request', 'http-request', 'failed', 'number'],
    ]);
  });

  it('80: a stopped run ends with Dify’s “Stopped by user.”, the unfinished HTTP node still running', async () => {
    const answer = await answerTo('80-slow-streaming-stopped');
    expect([answer.ending, answer.text]).toEqual(['failed', 'slow server said ']);
    expect(answer.problem).toEqual({ kind: 'run-failed', code: 'workflow_stopped', detail: 'Stopped by user.' });
    expect(stepsOf(foldSteps(answer.progress ?? []).steps).at(-1)).toEqual(['HTTP Request', 'http-request', 'running', 'undefined']);
  });
});

describe('a workflow run from the recorded streams', () => {
  const run = async (name: string) => {
    const client = await replaying({ 'POST /v1/workflows/run': name });
    const model = createWorkflowModel({ client, report: silent, inputs: () => ({ query: 'wf hello' }) });
    await model.run();
    return model.result.value?.value;
  };

  it('50: the text_chunk text and the outputs of workflow_finished', async () => {
    const result = await run('50-workflow-run-streaming');
    expect([result?.status, result?.ending, result?.text]).toEqual(['ready', 'complete', 'wf hello']);
    expect(result?.metadata).toEqual({ outputs: { echo: 'wf hello' } });
  });

  it('60: a failed run shows Dify’s reason, no outputs', async () => {
    const result = await run('60-workflow-http-fail-streaming');
    expect([result?.ending, result?.problem?.detail, result?.metadata]).toEqual(['failed', '[Errno 111] Connection refused', undefined]);
  });
});

describe('app settings, history and conversations from the recorded responses', () => {
  it('24, 26, 27: an app nobody customised: its title and emoji icon, en-US, no description, citations, follow-ups or uploads', () => {
    const app = describeApp(json('26-info'), json('27-site'), json('24-parameters-echo'));
    expect(app).toMatchObject({ kind: 'chat', mode: 'advanced-chat', title: 's2-chatflow-echo', language: 'en-US' });
    expect(app.icon).toEqual({ kind: 'emoji', emoji: '🤖', background: '#FFEAD5' });
    expect([app.description, app.color, app.sources, app.followUps, app.openingStatement]).toEqual([
      undefined,
      undefined,
      false,
      false,
      '',
    ]);
    expect([app.inputs, app.unsupportedRequiredInputs]).toEqual([[], []]);
    // custom_disclaimer is "" here, not null: no line under the composer.
    expect(Boolean(app.site['custom_disclaimer'] || app.site['copyright'] || app.site['privacy_policy'])).toBe(false);
    expect(readUploadRules(app.parameters)).toBeUndefined();
  });

  it('25: the required and optional text inputs with their 256-character limit', () => {
    const app = describeApp(json('26-info'), json('27-site'), json('25-parameters-required'));
    expect(app.inputs.map((field) => [field.type, field.variable, field.required, field.maxLength])).toEqual([
      ['text-input', 'name', true, 256],
      ['text-input', 'city', false, 256],
    ]);
  });

  it('72: an easy-UI app: opening_statement null reads as none, citations on, the legacy image block means no uploads', () => {
    const app = describeApp({ mode: 'chat' }, {}, json('72-plain-chat-parameters'));
    expect([app.openingStatement, app.sources, app.followUps]).toEqual(['', true, false]);
    expect(readUploadRules(app.parameters)).toBeUndefined();
  });

  it('20: the history: three turns oldest first, no rating, no citations, nothing paused', async () => {
    const client = await replaying({ 'GET /v1/messages': '20-messages' });
    const page = readHistoryPage(await client.getJson('messages', { conversation_id: 'c' }));
    expect(page.hasMore).toBe(false);
    expect(page.items.map((item) => [item.query, item.answer, item.rating, item.failed, item.pause])).toEqual([
      ['hello blocking', 'You said: hello blocking', null, false, undefined],
      ['second turn', 'You said: second turn', null, false, undefined],
      ['third turn', 'You said: third turn', null, false, undefined],
    ]);
    expect(readSources(page.items[0]?.metadata?.['retriever_resources'])).toEqual([]);
  });

  it('22, 30, 90: the conversation list, a rename answered with the conversation, a delete answered 204 with no body', async () => {
    const client = await replaying({
      'GET /v1/conversations': '22-conversations',
      'POST /v1/conversations/74f4bda7-de17-4839-89a0-23918cca5245/name': '30-conversation-rename-auto',
      'DELETE /v1/conversations/74f4bda7-de17-4839-89a0-23918cca5245': '90-conversation-delete',
    });
    const list = createConversationList(client);
    await list.refresh();
    expect(list.items.value.map((item) => item.name)).toEqual(['default mode?', 'hello blocking', 'hello', 'hello']);
    expect(list.hasMore.value).toBe(false);
    expect(await list.rename('74f4bda7-de17-4839-89a0-23918cca5245', 'renamed by capture')).toBeUndefined();
    expect(list.items.value[1]).toEqual({ id: '74f4bda7-de17-4839-89a0-23918cca5245', name: 'renamed by capture', updatedAt: 1796190759 });
    expect(await list.remove('74f4bda7-de17-4839-89a0-23918cca5245')).toBeUndefined();
    expect(list.items.value.map((item) => item.name)).toEqual(['default mode?', 'hello', 'hello']);
  });

  it('31, 32: feedback answers {"result": "success"}; follow-ups on an app without them are a 400 the widget reads as a problem', async () => {
    const client = await replaying({
      'POST /v1/messages/m/feedbacks': '31-message-feedback',
      'GET /v1/messages/m/suggested': '32-suggested',
    });
    expect(await client.postJson('messages/m/feedbacks', { rating: 'like', content: 'nice' })).toEqual({ result: 'success' });
    const refusal = await client.getJson('messages/m/suggested').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemError);
    expect(refusal instanceof ProblemError && [refusal.problem.code, refusal.problem.status]).toEqual(['bad_request', 400]);
  });
});

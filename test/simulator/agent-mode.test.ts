/** The `agent` app mode of Dify main (dify-api.md §2): streaming only, the whole answer in one frame. */
import { describe, expect, it } from 'vitest';
import { defaultSimulatedAppsFor, startSimulator } from '../../demo/simulator/index.ts';
import { allFrames, asRecord, call, chatBody, payloads, request, useSimulator } from './support.ts';

const agent = 'app-test-agent-runtime';

describe('an agent app on main', () => {
  const simulator = useSimulator({ apps: [{ key: agent, mode: 'agent' }], pingIntervalMs: 20 });

  it('streams by default: pings while it works, then one message frame with the whole answer, then message_end with zero usage', async () => {
    const frames = await allFrames(
      await request(simulator(), agent, 'POST', '/chat-messages', { json: { inputs: {}, query: 'scenario: slow', user: 'alice' } }),
    );
    const kinds = frames.map((frame) => (frame.data === undefined ? frame.event : frame.data['event']));
    expect(kinds.filter((kind) => kind !== 'ping')).toEqual(['message', 'message_end']);
    expect(kinds.indexOf('ping')).toBeLessThan(kinds.indexOf('message'));
    const [message, end] = payloads(frames);
    expect(message).toMatchObject({ answer: 'This answer takes its time: long pauses between words.', from_variable_selector: null });
    const usage = asRecord(asRecord(end?.['metadata'])['usage']);
    expect(usage).toMatchObject({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, total_price: '0.0', currency: 'USD' });
    expect(end?.['files']).toBeNull();
  });

  it('refuses blocking mode with 400 bad_request', async () => {
    const { status, body } = await call(simulator(), agent, 'POST', '/chat-messages', {
      json: chatBody('hi', { response_mode: 'blocking' }),
    });
    expect([status, body]).toEqual([
      400,
      { code: 'bad_request', message: 'Agent App only supports streaming response mode.', status: 400 },
    ]);
  });

  it('reports mode agent and has conversations but no conversation variables', async () => {
    expect((await call(simulator(), agent, 'GET', '/info')).body).toMatchObject({ mode: 'agent' });
    const events = payloads(await allFrames(await request(simulator(), agent, 'POST', '/chat-messages', { json: chatBody('hello') })));
    const conversationId = String(events[0]?.['conversation_id']);
    expect((await call(simulator(), agent, 'GET', '/messages', { query: { user: 'alice', conversation_id: conversationId } })).status).toBe(
      200,
    );
    const variables = await call(simulator(), agent, 'GET', `/conversations/${conversationId}/variables`, { query: { user: 'alice' } });
    expect(variables.body).toMatchObject({ code: 'not_chat_app', status: 400 });
  });
});

describe('the agent mode on older releases', () => {
  it('does not exist: a simulator of 1.13 or 1.14 with an agent app refuses to start', async () => {
    for (const dify of ['1.13', '1.14'] as const) {
      await expect(startSimulator({ dify, apps: [{ key: agent, mode: 'agent' }] })).rejects.toThrow(/exists only on Dify main/);
    }
  });

  it('is among the default apps only on main, as app-demo-agent-runtime', () => {
    expect(defaultSimulatedAppsFor('main').find((app) => app.mode === 'agent')?.key).toBe('app-demo-agent-runtime');
    expect(defaultSimulatedAppsFor('1.14').some((app) => app.mode === 'agent')).toBe(false);
    expect(defaultSimulatedAppsFor('1.13').some((app) => app.mode === 'agent')).toBe(false);
  });
});

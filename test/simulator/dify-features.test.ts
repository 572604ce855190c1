/**
 * What the widget's Dify features read, played as dify-api.md describes it: chatflow iterations and loops
 * (§4.5), an agent's drawing tool and its `message_file` image (§4.4), an annotation reply (§4.2), and the
 * app settings that turn citations and follow-up questions off and set `/site` fields (§6.4, §10).
 */
import { describe, expect, it } from 'vitest';
import { allFrames, asArray, asRecord, call, chatBody, payloads, request, text, useSimulator } from './support.ts';

const apps = {
  chatflow: 'app-features-chatflow',
  agent: 'app-features-agent',
  chat: 'app-features-chat',
  plain: 'app-features-plain',
};

describe('the Dify features the widget shows', () => {
  const simulator = useSimulator({
    apps: [
      { key: apps.chatflow, mode: 'advanced-chat' },
      { key: apps.agent, mode: 'agent-chat' },
      { key: apps.chat, mode: 'chat', followUps: true },
      {
        key: apps.plain,
        mode: 'chat',
        citations: false,
        site: { chat_color_theme: '#7c3aed', custom_disclaimer: 'Check facts.', privacy_policy: 'https://example.com/p' },
      },
    ],
  });

  const stream = async (key: string, query: string) =>
    payloads(await allFrames(await request(simulator(), key, 'POST', '/chat-messages', { json: chatBody(query) })));

  it('scenario: steps runs an iteration and a loop whose nodes name them by iteration_id and loop_id', async () => {
    const events = await stream(apps.chatflow, 'scenario: steps');
    const names = events.map((event) => event['event']);
    expect(names.filter((name) => typeof name === 'string' && /^(iteration|loop)_/.test(name))).toEqual([
      'iteration_started',
      'iteration_next',
      'iteration_next',
      'iteration_next',
      'iteration_completed',
      'loop_started',
      'loop_next',
      'loop_next',
      'loop_completed',
    ]);
    const data = events.map((event) => asRecord(event['data'] ?? {}));
    const inIteration = data.filter((entry) => entry['iteration_id'] === 'topics');
    const inLoop = data.filter((entry) => entry['loop_id'] === 'refine');
    // Three rounds of node_started + node_finished inside the iteration, two inside the loop.
    expect([inIteration.length, inLoop.length]).toEqual([6, 4]);
    const completed = asRecord(events.find((event) => event['event'] === 'iteration_completed')?.['data']);
    expect(completed).toMatchObject({ node_id: 'topics', node_type: 'iteration', status: 'succeeded', steps: 3 });
    expect(typeof completed['elapsed_time']).toBe('number');
    expect(names.slice(-2)).toEqual(['message_end', 'workflow_finished']);
  });

  it('an agent that draws sends the tool call in agent_thought, then the image as a message_file frame it names', async () => {
    const events = await stream(apps.agent, 'scenario: image-first');
    const thoughts = events.filter((event) => event['event'] === 'agent_thought' && event['tool'] === 'dalle3');
    const last = thoughts.at(-1);
    expect(last).toMatchObject({ tool: 'dalle3', observation: expect.stringContaining('image has been created') });
    expect(JSON.parse(text(last, 'tool_input'))).toEqual({ dalle3: { prompt: 'scenario: image-first' } });
    const file = events.find((event) => event['event'] === 'message_file');
    expect(file).toMatchObject({ type: 'image', belongs_to: 'assistant' });
    expect(asArray(last?.['message_files'])).toEqual([file?.['id']]);
    const image = await fetch(text(file, 'url'));
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(events.at(-1)?.['event']).toBe('message_end');
  });

  it('scenario: annotation answers from a saved reply: metadata.annotation_reply set, no sources, zero usage', async () => {
    const events = await stream(apps.chat, 'scenario: annotation');
    const metadata = asRecord(events.at(-1)?.['metadata']);
    expect(asRecord(metadata['annotation_reply'])).toMatchObject({ id: expect.any(String), account: { name: 'Demo Owner' } });
    expect(metadata['retriever_resources']).toEqual([]);
    expect(asRecord(metadata['usage'])['total_tokens']).toBe(0);
    // Any other answer has no annotation.
    const other = await stream(apps.chat, 'Hello');
    expect(asRecord(other.at(-1)?.['metadata'])['annotation_reply']).toBeNull();
  });

  it('an app with citations and follow-ups off says so in /parameters, sends no resources and refuses /suggested', async () => {
    const parameters = asRecord((await call(simulator(), apps.plain, 'GET', '/parameters')).body);
    expect([parameters['retriever_resource'], parameters['suggested_questions_after_answer']]).toEqual([
      { enabled: false },
      { enabled: false },
    ]);
    const events = await stream(apps.plain, 'Hello');
    const end = events.at(-1);
    expect(asRecord(end?.['metadata'])['retriever_resources']).toEqual([]);
    const suggested = await call(simulator(), apps.plain, 'GET', `/messages/${text(end, 'message_id')}/suggested`, {
      query: { user: 'alice' },
    });
    expect([suggested.status, asRecord(suggested.body)['message']]).toEqual([400, 'Suggested Questions Is Disabled.']);
    // The app with follow-ups on, citations on by default: its canned answers cite two segments.
    const cited = await stream(apps.chat, 'Hello');
    expect(asArray(asRecord(cited.at(-1)?.['metadata'])['retriever_resources'])).toHaveLength(2);
  });

  it('/site carries the app owner’s settings over the defaults, keys in Dify’s order', async () => {
    const site = asRecord((await call(simulator(), apps.plain, 'GET', '/site')).body);
    expect(site).toMatchObject({ chat_color_theme: '#7c3aed', custom_disclaimer: 'Check facts.', privacy_policy: 'https://example.com/p' });
    expect(Object.keys(site).at(-1)).toBe('icon_url');
    expect(site['show_workflow_steps']).toBe(true);
  });
});

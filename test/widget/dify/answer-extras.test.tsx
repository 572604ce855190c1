/**
 * The Dify extras of a chat answer, through the real app chunk and a fake proxy: sources under the answer,
 * the steps disclosure above it, follow-up questions after it, and the saved-reply label.
 */
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conversationId, createFakeProxy, json, messageId, type ControlledStream } from '../fixtures/fake-proxy.ts';
import { mountWidget, type MountedWidget } from '../fixtures/mount-widget.ts';

let mounted: MountedWidget | undefined;

function current(): MountedWidget {
  if (!mounted) throw new Error('no widget mounted');
  return mounted;
}

function present<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected an element');
  return value;
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  mounted?.controller.destroy();
  mounted?.host.remove();
  mounted = undefined;
  vi.unstubAllGlobals();
});

const parameters = (features: { sources?: boolean; followUps?: boolean } = {}) => ({
  opening_statement: '',
  suggested_questions: [],
  suggested_questions_after_answer: { enabled: features.followUps ?? false },
  retriever_resource: { enabled: features.sources ?? true },
  user_input_form: [],
});

const resources = [
  {
    position: 2,
    dataset_name: 'Handbook',
    document_name: 'principles.md',
    segment_id: 's2',
    score: 0.78,
    content: 'Keep changes easy to undo.',
  },
  { position: 1, dataset_name: 'Handbook', document_name: 'getting-started.md', segment_id: 's1', score: 0.912, content: 'Start small.' },
];

async function ask(proxy: ReturnType<typeof createFakeProxy>, site?: Record<string, unknown>) {
  if (site) proxy.route('GET', '/v1/site', () => Response.json({ title: 'Test bot', ...site }));
  mounted = mountWidget({ proxy, config: { mode: 'inline' } });
  const ui = within(mounted.view);
  const input = await ui.findByRole('textbox', { name: 'Message' });
  const opened = proxy.nextStream();
  fireEvent.input(input, { target: { value: 'Where do I start?' } });
  fireEvent.keyDown(input, { key: 'Enter' });
  return { ui, stream: await opened };
}

function end(stream: ControlledStream, metadata: Record<string, unknown>) {
  stream.frame({ event: 'message_end', id: messageId, metadata });
  stream.close();
}

describe('sources', () => {
  it('lists the cited documents by position, each a collapsed button that opens its quoted segment', async () => {
    const { ui, stream } = await ask(createFakeProxy({ parameters: parameters() }));
    stream.delta('Start small.');
    end(stream, { retriever_resources: resources, annotation_reply: null });
    const region = await ui.findByRole('region', { name: 'Sources' });
    const buttons = within(region).getAllByRole('button');
    expect(buttons.map((button) => button.textContent)).toEqual(['getting-started.mdHandbook0.91', 'principles.mdHandbook0.78']);
    const first = present(buttons[0]);
    expect(first.getAttribute('aria-expanded')).toBe('false');
    const quote = current().root.getElementById(first.getAttribute('aria-controls') ?? '');
    expect(quote?.hidden).toBe(true);
    fireEvent.click(first);
    expect(first.getAttribute('aria-expanded')).toBe('true');
    expect(quote?.hidden).toBe(false);
    expect(quote?.textContent).toBe('Start small.');
    expect(ui.queryByText('A saved reply of the app')).toBeNull();
  });

  it('renders nothing, and loads no sources code, when the app turned retriever_resource off', async () => {
    const { ui, stream } = await ask(createFakeProxy({ parameters: parameters({ sources: false }) }));
    stream.delta('Start small.');
    end(stream, { retriever_resources: resources });
    await ui.findByText('Start small.');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ui.queryByRole('region', { name: 'Sources' })).toBeNull();
    expect(current().root.querySelector('[part="sources"]')).toBeNull();
  });
});

describe('steps and thoughts', () => {
  const thought = (extra: Record<string, unknown>) => ({
    event: 'agent_thought',
    id: 't1',
    position: 1,
    thought: '',
    observation: '',
    tool: '',
    tool_input: '',
    ...extra,
  });

  it('shows a collapsed disclosure while the answer is made: tool calls, nodes, an iteration with its rounds', async () => {
    const { ui, stream } = await ask(createFakeProxy({ parameters: parameters() }));
    stream.frame(thought({}));
    stream.frame(thought({ tool: 'current_time', tool_input: '{"current_time":{"timezone":"UTC"}}' }));
    stream.frame(thought({ tool: 'current_time', tool_input: '{"current_time":{"timezone":"UTC"}}', observation: '12:00' }));
    stream.frame({ event: 'node_started', data: { id: 'e1', node_id: 'llm', node_type: 'llm', title: 'LLM' } });
    stream.frame({ event: 'iteration_started', data: { id: 'e2', node_id: 'topics', node_type: 'iteration', title: 'For each topic' } });
    stream.frame({
      event: 'node_started',
      data: { id: 'e3', node_id: 'code', node_type: 'code', title: 'Summarise', iteration_id: 'topics' },
    });
    stream.frame({
      event: 'node_finished',
      data: {
        id: 'e3',
        node_id: 'code',
        node_type: 'code',
        title: 'Summarise',
        iteration_id: 'topics',
        status: 'succeeded',
        elapsed_time: 0.25,
      },
    });
    stream.frame({ event: 'iteration_completed', data: { id: 'e2', node_id: 'topics', status: 'succeeded', elapsed_time: 1.5 } });
    const toggle = await ui.findByRole('button', { name: /^Steps \(3\)/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    const list = present(current().root.getElementById(toggle.getAttribute('aria-controls') ?? ''));
    expect(list.hidden).toBe(true);
    // Announced once, as the disclosure appears; later events change only the button's count.
    const status = current().root.querySelector('[part="steps"] [role="status"]');
    await waitFor(() => expect(status?.textContent).toBe('Thinking…'));
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(list.hidden).toBe(false);
    const items = within(list).getAllByRole('listitem');
    expect(items[0]?.textContent).toBe('current_time({"current_time":{"timezone":"UTC"}}) → 12:00');
    expect(items[1]?.textContent).toBe('LLM llm …');
    expect(items[2]?.textContent).toContain('For each topic iteration ✓');
    expect(within(present(items[2])).getAllByRole('listitem')[0]?.textContent).toMatch(/^Summarise code ✓ 0\.25/);
    stream.delta('It is noon.');
    end(stream, {});
    await waitFor(() => expect(toggle.textContent).toBe('Steps (3)'));
  });

  it('shows no disclosure when /site turns show_workflow_steps off, but still the tool image from Dify’s file URL only', async () => {
    const { ui, stream } = await ask(createFakeProxy({ parameters: parameters() }), { show_workflow_steps: false });
    stream.frame(thought({ tool: 'dalle3', tool_input: '{}', observation: 'done' }));
    stream.frame({
      event: 'message_file',
      id: 'f1',
      type: 'image',
      belongs_to: 'assistant',
      url: 'https://dify.test/files/f1/file-preview?timestamp=1&nonce=n&sign=s',
    });
    stream.frame({ event: 'message_file', id: 'f2', type: 'image', belongs_to: 'assistant', url: 'https://tracker.test/pixel.png' });
    stream.frame({ event: 'message_file', id: 'f3', type: 'image', belongs_to: 'assistant', url: 'javascript:alert(1)//files/' });
    stream.delta('Here it is.');
    end(stream, {});
    await ui.findByText('Here it is.');
    await waitFor(() => expect(current().root.querySelectorAll('img[part="tool-image"]')).toHaveLength(1));
    expect(current().root.querySelector('img[part="tool-image"]')?.getAttribute('src')).toBe(
      'https://dify.test/files/f1/file-preview?timestamp=1&nonce=n&sign=s',
    );
    expect(ui.queryByRole('button', { name: /^Steps/ })).toBeNull();
  });
});

describe('steps after a reload', () => {
  it('an agent’s answer read back from /messages shows its tool calls collapsed again, and its image but not the visitor’s upload', async () => {
    const proxy = createFakeProxy({ parameters: parameters() });
    const { ui, stream } = await ask(proxy);
    stream.delta('Here is your owl.');
    end(stream, {});
    await ui.findByText('Here is your owl.');
    current().controller.destroy();
    current().host.remove();

    const image = 'https://dify.test/files/tools/f9.png?timestamp=1&nonce=n&sign=s';
    proxy.route('GET', '/v1/messages', () =>
      json({
        limit: 20,
        has_more: false,
        data: [
          {
            id: messageId,
            conversation_id: conversationId,
            query: 'Where do I start?',
            answer: 'Here is your owl.',
            status: 'normal',
            retriever_resources: [],
            agent_thoughts: [
              {
                id: 't1',
                position: 1,
                thought: 'Draw.',
                tool: 'dalle3',
                tool_input: '{"prompt":"owl"}',
                observation: 'drawn',
                files: ['f9'],
              },
              { id: 't2', position: 2, thought: 'Here is your owl.', tool: '', tool_input: '', observation: '', files: [] },
            ],
            message_files: [
              { id: 'u1', type: 'image', belongs_to: 'user', url: 'https://dify.test/files/u1/file-preview?sign=s' },
              { id: 'f9', type: 'image', belongs_to: 'assistant', url: image },
            ],
          },
        ],
      }),
    );
    mounted = mountWidget({ proxy, config: { mode: 'inline' } });
    const again = within(mounted.view);
    const toggle = await again.findByRole('button', { name: 'Steps (1)' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    const list = present(current().root.getElementById(toggle.getAttribute('aria-controls') ?? ''));
    expect(list.hidden).toBe(true);
    fireEvent.click(toggle);
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['dalle3({"prompt":"owl"}) → drawn']);
    const images = [...current().root.querySelectorAll('img[part="tool-image"]')].map((element) => element.getAttribute('src'));
    expect(images).toEqual([image]);
    // Read back, it is not being made: nothing is announced.
    expect(current().root.querySelector('[part="steps"] [role="status"]')?.textContent).toBe('');
  });
});

describe('follow-up questions', () => {
  it('asks /messages/:id/suggested once after the answer ends and sends a question when its button is pressed', async () => {
    const proxy = createFakeProxy({ parameters: parameters({ followUps: true }) });
    proxy.route('GET', '/v1/messages/:id/suggested', () => Response.json({ result: 'success', data: ['How do I measure?', 'What next?'] }));
    const { ui, stream } = await ask(proxy);
    stream.delta('Start small.');
    expect(proxy.requestsTo('GET', `/v1/messages/${messageId}/suggested`)).toHaveLength(0);
    end(stream, {});
    const list = await ui.findByRole('list', { name: 'Suggested questions' });
    const next = proxy.nextStream();
    fireEvent.click(within(list).getByRole('button', { name: 'What next?' }));
    const second = await next;
    expect(proxy.requestsTo('POST', '/v1/chat-messages').at(-1)?.body?.query).toBe('What next?');
    expect(ui.queryByRole('list', { name: 'Suggested questions' })).toBeNull();
    second.delta('Then grow.');
    second.close();
    await ui.findByText('Then grow.');
    expect(proxy.requestsTo('GET', `/v1/messages/${messageId}/suggested`)).toHaveLength(1);
  });

  it('never asks when the app has suggested questions after answers off', async () => {
    const proxy = createFakeProxy({ parameters: parameters({ followUps: false }) });
    const { ui, stream } = await ask(proxy);
    stream.delta('Start small.');
    end(stream, {});
    await ui.findByText('Start small.');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(proxy.requests.filter((request) => request.path.endsWith('/suggested'))).toHaveLength(0);
  });
});

describe('annotation replies', () => {
  it('marks an answer that came from the app’s saved replies', async () => {
    const { ui, stream } = await ask(createFakeProxy({ parameters: parameters() }));
    stream.delta('We open at nine.');
    end(stream, { annotation_reply: { id: 'a1', account: { id: 'u1', name: 'Owner' } }, retriever_resources: [] });
    expect(await ui.findByText('A saved reply of the app')).toBeTruthy();
    expect(ui.queryByRole('region', { name: 'Sources' })).toBeNull();
  });
});

/** The steps view's fold of progress events (pure), and where the answer run and the history put them. */
import { describe, expect, it } from 'vitest';
import { reduceAnswer, submittedAnswer } from '../../../widget/core/answer.ts';
import { toDifyEvent, type DifyProgressEvent } from '../../../widget/core/dify-events.ts';
import { readHistoryPage } from '../../../widget/core/history.ts';
import { foldSteps } from '../../../widget/steps/fold-steps.ts';
import { restoredProgress } from '../../../widget/steps/restored-steps.ts';
import { readSources } from '../../../widget/sources/read-sources.ts';

const progress = (type: DifyProgressEvent['type'], data: Record<string, unknown>): DifyProgressEvent => ({ type, progress: data });

describe('toDifyEvent and the answer run', () => {
  it('turns thoughts, node, iteration, loop and agent_log frames and message_file files into progress; text stays text', () => {
    const read = (frame: Record<string, unknown>) => toDifyEvent({ data: JSON.stringify(frame) });
    expect(read({ event: 'node_started', data: { id: 'e1' } })).toMatchObject({ type: 'node_started', progress: { id: 'e1' } });
    expect(read({ event: 'loop_next', data: { id: 'e2' } })).toMatchObject({ type: 'loop_next' });
    expect(read({ event: 'agent_thought', message_id: 'm1', id: 't1', tool: 'x' })).toMatchObject({
      type: 'agent_thought',
      messageId: 'm1',
      progress: { tool: 'x' },
    });
    expect(read({ event: 'message_file', id: 'f1', url: 'https://d/files/f1' })).toMatchObject({
      type: 'message_file',
      progress: { url: 'https://d/files/f1' },
    });
    expect(read({ event: 'message_file', id: 'm1', answer: 'hi' })).toMatchObject({ type: 'message_file', text: 'hi' });
    expect(read({ event: 'workflow_started', data: {} })).toBeUndefined();
    expect(read({ event: 'node_retried', data: {} })).toBeUndefined();
  });

  it('records progress in arrival order without starting the answer text, and ignores it once settled', () => {
    const first = progress('node_started', { id: 'e1' });
    let state = reduceAnswer(submittedAnswer(), { type: 'event', event: first });
    expect([state.status, state.progress]).toEqual(['submitted', [first]]);
    state = reduceAnswer(state, { type: 'event', event: { type: 'message', text: 'Hi' } });
    state = reduceAnswer(state, { type: 'event', event: { type: 'message_end', metadata: {} } });
    expect(reduceAnswer(state, { type: 'event', event: progress('node_finished', { id: 'e1' }) })).toBe(state);
  });
});

describe('foldSteps', () => {
  it('upserts tool calls by thought id, skips blank thoughts and splits joined tool names', () => {
    const view = foldSteps([
      progress('agent_thought', { id: 't1', tool: '' }),
      progress('agent_thought', { id: 't1', tool: 'a;b', tool_input: '{}' }),
      progress('agent_thought', { id: 't1', tool: 'a;b', tool_input: '{}', observation: 'x'.repeat(400) }),
      progress('agent_thought', { id: 't2', tool: '', thought: 'The answer.' }),
    ]);
    expect(view.steps).toHaveLength(1);
    expect(view.steps[0]).toMatchObject({ kind: 'tool', name: 'a, b', input: '{}' });
    const output = view.steps[0]?.kind === 'tool' ? view.steps[0].output : '';
    expect(output.length).toBe(161);
    expect(output.endsWith('…')).toBe(true);
  });

  it('nests the nodes of an iteration and a loop, and agent log lines under their node, with status and time', () => {
    const view = foldSteps([
      progress('node_started', { id: 'x1', node_id: 'agent', node_type: 'agent', title: 'Agent' }),
      progress('agent_log', { node_execution_id: 'x1', id: 'l1', label: 'ROUND 1', status: 'success' }),
      progress('node_finished', { id: 'x1', node_id: 'agent', status: 'failed', elapsed_time: 2 }),
      progress('loop_started', { id: 'g1', node_id: 'refine', node_type: 'loop', title: 'Refine' }),
      progress('loop_next', { id: 'g1', node_id: 'refine', index: 0 }),
      progress('node_started', { id: 'x2', node_id: 'critic', node_type: 'llm', title: 'Critic', loop_id: 'refine' }),
      progress('node_finished', { id: 'x2', node_id: 'critic', status: 'succeeded', loop_id: 'refine', elapsed_time: 0.5 }),
      progress('loop_completed', { id: 'g1', node_id: 'refine', status: 'succeeded', elapsed_time: 0.7 }),
    ]);
    expect(view.steps.map((step) => (step.kind === 'node' ? [step.title, step.status, step.elapsed, step.children.length] : []))).toEqual([
      ['Agent', 'failed', 2, 1],
      ['Refine', 'succeeded', 0.7, 1],
    ]);
    const loop = view.steps[1];
    expect(loop?.kind === 'node' && loop.children[0]).toMatchObject({ title: 'Critic', status: 'succeeded', elapsed: 0.5 });
  });

  it('makes one step of an iteration that also reported node_started under another execution id', () => {
    const view = foldSteps([
      progress('node_started', { id: 'x1', node_id: 'topics', node_type: 'iteration', title: 'Topics' }),
      progress('iteration_started', { id: 'g1', node_id: 'topics', node_type: 'iteration', title: 'Topics' }),
      progress('node_started', { id: 'x2', node_id: 'code', title: 'Code', iteration_id: 'topics' }),
      progress('iteration_completed', { id: 'g1', node_id: 'topics', status: 'succeeded' }),
      progress('node_finished', { id: 'x1', node_id: 'topics', status: 'succeeded' }),
    ]);
    expect(view.steps).toHaveLength(1);
    expect(view.steps[0]).toMatchObject({ title: 'Topics', status: 'succeeded', children: [{ title: 'Code' }] });
  });

  it('keeps tool images from Dify file URLs only, once each', () => {
    const url = 'https://dify.test/files/tools/abc.png?timestamp=1&sign=s';
    const view = foldSteps([
      progress('message_file', { id: 'f1', type: 'image', url }),
      progress('message_file', { id: 'f1', type: 'image', url }),
      progress('message_file', { id: 'f2', type: 'image', url: 'https://evil.test/x.png' }),
      progress('message_file', { id: 'f3', type: 'document', url: 'https://dify.test/files/f3/file-preview' }),
      progress('message_file', { id: 'f4', type: 'image', url: '/files/f4/file-preview' }),
    ]);
    expect(view.images).toEqual([{ id: 'f1', url }]);
  });
});

describe('citations in the history and their narrowing', () => {
  it('a /messages item keeps its retriever_resources as the answer metadata', () => {
    const page = readHistoryPage({ data: [{ id: 'm1', query: 'q', answer: 'a', retriever_resources: [{ document_name: 'd' }] }] });
    expect(page.items[0]?.metadata).toEqual({ retriever_resources: [{ document_name: 'd' }] });
  });

  it('readSources orders by position and drops entries with nothing to show', () => {
    expect(
      readSources([{ position: 3, document_name: 'c', content: 'z' }, 'junk', { position: 1, title: 'a', score: 'high' }, { score: 1 }]),
    ).toEqual([
      { key: '2', document: 'a', content: '' },
      { key: '0', document: 'c', content: 'z' },
    ]);
    expect(readSources({ not: 'an array' })).toEqual([]);
  });
});

describe('agent thoughts in the history and their narrowing', () => {
  // As dify-api.md §6.1 lists an agent's message: thoughts with their file ids in `files`, files with `belongs_to`.
  const thoughts = [
    { id: 't2', position: 2, thought: 'It is noon.', tool: '', tool_input: '', observation: '', files: [] },
    { id: 't1', position: 1, thought: 'Draw it.', tool: 'dalle3', tool_input: '{"prompt":"owl"}', observation: 'done', files: ['f9'] },
  ];
  const files = [
    { id: 'u1', type: 'image', belongs_to: 'user', url: 'https://dify.test/files/u1/file-preview?sign=s' },
    { id: 'f9', type: 'image', belongs_to: 'assistant', url: 'https://dify.test/files/tools/f9.png?sign=s' },
  ];
  const entry = { id: 'm1', query: 'q', answer: 'It is noon.', retriever_resources: [], agent_thoughts: thoughts, message_files: files };

  it('a /messages item keeps its agent_thoughts and the files they list raw in the answer metadata, beside its citations', () => {
    expect(readHistoryPage({ data: [entry] }).items[0]?.metadata).toEqual({
      retriever_resources: [],
      agent_thoughts: thoughts,
      message_files: [files[1]],
    });
  });

  it('gives the assistant files no thought lists (a chatflow’s output) to the answer as files, never to the steps, and drops the visitor’s', () => {
    const page = readHistoryPage({
      data: [
        { ...entry, agent_thoughts: [] },
        { ...entry, id: 'm2', agent_thoughts: [], message_files: [] },
        { ...entry, id: 'm3', agent_thoughts: 'junk', message_files: null },
      ],
    });
    expect(page.items.map((item) => item.metadata)).toEqual([
      { retriever_resources: [], files: [files[1]] },
      { retriever_resources: [] },
      { retriever_resources: [] },
    ]);
  });

  it('reads them back as the thoughts in position order, then the assistant’s files, which fold like a live answer', () => {
    const events = restoredProgress({ agent_thoughts: [...thoughts, 'junk'], message_files: [...files, null] });
    expect(events.map((event) => [event.type, event.progress.id])).toEqual([
      ['agent_thought', 't1'],
      ['agent_thought', 't2'],
      ['message_file', 'f9'],
    ]);
    expect(foldSteps(events)).toEqual({
      steps: [{ kind: 'tool', id: 't1', name: 'dalle3', input: '{"prompt":"owl"}', output: 'done' }],
      images: [{ id: 'f9', url: 'https://dify.test/files/tools/f9.png?sign=s' }],
    });
  });

  it('reads nothing from metadata without them, or with them malformed', () => {
    expect(restoredProgress(undefined)).toEqual([]);
    expect(restoredProgress({ retriever_resources: [] })).toEqual([]);
    expect(restoredProgress({ agent_thoughts: { id: 't1' }, message_files: 'f9' })).toEqual([]);
  });
});

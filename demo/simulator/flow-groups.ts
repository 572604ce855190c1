/**
 * `scenario: steps` in a chatflow: before its LLM node the run goes through an Iteration (a Code node once per
 * topic) and a Loop (an LLM node twice), so a client sees `iteration_*`, `loop_*` and the nodes inside them,
 * which carry `iteration_id` / `loop_id` (dify-api.md §4.5). The group node itself reports only its
 * `*_started` / `*_completed`, the events Dify's own web app builds its trace of a group from. Then an Agent
 * node reports its round and its tool call as `agent_log` lines (§4.5).
 */
import { randomUUID } from 'node:crypto';
import type { FlowNode } from './flows.ts';
import type { FlowFrames, GroupParent } from './flow-frames.ts';
import { frameStep, type Step } from './generation.ts';

const iterationNode: FlowNode = { nodeId: 'topics', nodeType: 'iteration', title: 'For each topic' };
const perTopicNode: FlowNode = { nodeId: 'summarise', nodeType: 'code', title: 'Summarise topic' };
const loopNode: FlowNode = { nodeId: 'refine', nodeType: 'loop', title: 'Refine draft' };
const perRoundNode: FlowNode = { nodeId: 'critic', nodeType: 'llm', title: 'Critic' };
const agentNode: FlowNode = { nodeId: 'researcher', nodeType: 'agent', title: 'Researcher' };

const topics = ['proxy', 'widget', 'simulator'];
const rounds = 2;

function roundSteps(frames: FlowFrames, gapMs: number, parent: GroupParent, group: FlowNode, inner: FlowNode, count: number): Step[] {
  return Array.from({ length: count }, (_unused, index) => [
    frameStep(gapMs, () => [frames.groupNext(parent, group, index), frames.nodeStarted(inner, parent)]),
    frameStep(gapMs, () => [
      frames.nodeFinished(inner, { status: 'succeeded', inputs: { index }, outputs: { result: `round ${index + 1}` } }, parent),
    ]),
  ]).flat();
}

/** The Agent node: started, a round that calls the clock tool (two `agent_log` lines), finished. */
function agentSteps(frames: FlowFrames, gapMs: number): Step[] {
  const round = randomUUID();
  return [
    frameStep(gapMs, () => [frames.nodeStarted(agentNode)]),
    frameStep(gapMs, () => [frames.agentLog(agentNode, { id: round, label: 'ROUND 1', data: {} })]),
    frameStep(gapMs, () => [
      frames.agentLog(agentNode, {
        id: randomUUID(),
        label: 'CALL current_time',
        parentId: round,
        data: { tool_name: 'current_time', tool_input: { timezone: 'UTC' } },
      }),
    ]),
    frameStep(gapMs, () => [frames.nodeFinished(agentNode, { status: 'succeeded', inputs: {}, outputs: { text: 'It is noon.' } })]),
  ];
}

/** The frames of the Iteration, the Loop and the Agent node, to run between the Start node and the LLM node. */
export function groupSteps(frames: FlowFrames, gapMs: number): Step[] {
  const iteration: GroupParent = { kind: 'iteration', nodeId: iterationNode.nodeId };
  const loop: GroupParent = { kind: 'loop', nodeId: loopNode.nodeId };
  return [
    frameStep(gapMs, () => [frames.groupStarted(iteration, iterationNode, { iterator_selector: topics })]),
    ...roundSteps(frames, gapMs, iteration, iterationNode, perTopicNode, topics.length),
    frameStep(gapMs, () => [
      frames.groupCompleted(iteration, iterationNode, { iterator_selector: topics }, { output: topics }, topics.length),
    ]),
    frameStep(gapMs, () => [frames.groupStarted(loop, loopNode, {})]),
    ...roundSteps(frames, gapMs, loop, loopNode, perRoundNode, rounds),
    frameStep(gapMs, () => [frames.groupCompleted(loop, loopNode, {}, { draft: 'refined' }, rounds)]),
    ...agentSteps(frames, gapMs),
  ];
}

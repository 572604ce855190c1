/**
 * `scenario: steps` in a chatflow: before its LLM node the run goes through an Iteration (a Code node once per
 * topic) and a Loop (an LLM node twice), so a client sees `iteration_*`, `loop_*` and the nodes inside them,
 * which carry `iteration_id` / `loop_id` (dify-api.md §4.5). The group node itself reports only its
 * `*_started` / `*_completed`, the events Dify's own web app builds its trace of a group from.
 */
import type { FlowNode } from './flows.ts';
import type { FlowFrames, GroupParent } from './flow-frames.ts';
import { frameStep, type Step } from './generation.ts';

const iterationNode: FlowNode = { nodeId: 'topics', nodeType: 'iteration', title: 'For each topic' };
const perTopicNode: FlowNode = { nodeId: 'summarise', nodeType: 'code', title: 'Summarise topic' };
const loopNode: FlowNode = { nodeId: 'refine', nodeType: 'loop', title: 'Refine draft' };
const perRoundNode: FlowNode = { nodeId: 'critic', nodeType: 'llm', title: 'Critic' };

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

/** The frames of the Iteration and the Loop, to run between the Start node and the LLM node. */
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
  ];
}

import type { DifyProgressEvent } from '../core/dify-events.ts';
import { readNumber, readString, type JsonRecord } from '../core/guards.ts';
import { difyFileUrl } from '../files/dify-file-url.ts';

/** A tool call of an agent (`agent_thought`): the tool, what it was given and what it answered, shortened. */
interface ToolStep {
  kind: 'tool';
  id: string;
  name: string;
  input: string;
  output: string;
}

/** A chatflow node, an iteration or a loop (with the nodes that ran inside it), or an agent log line. */
interface NodeStep {
  kind: 'node';
  id: string;
  title: string;
  type: string;
  /** `running` until Dify reports how it ended (`succeeded`, `failed`, `exception`, `stopped`…). */
  status: string;
  /** Seconds, once finished. */
  elapsed?: number;
  /** Iterations, loops and agent nodes: what ran inside, in order. */
  children: Step[];
}

export type Step = ToolStep | NodeStep;

export interface StepsView {
  steps: Step[];
  /** Images a tool produced (`message_file`), from Dify's own file URLs only. */
  images: { id: string; url: string }[];
}

const longest = 160;

function shorten(text: string): string {
  return text.length > longest ? `${text.slice(0, longest)}…` : text;
}

/** A group (iteration or loop) or node the event belongs under: by the parent's node id, else the top level. */
function parentList(view: StepsView, byNodeId: Map<string, NodeStep>, data: JsonRecord): Step[] {
  const parentId = readString(data, 'iteration_id') ?? readString(data, 'loop_id');
  return (parentId && byNodeId.get(parentId)?.children) || view.steps;
}

function upsertTool(view: StepsView, data: JsonRecord): void {
  const name = readString(data, 'tool') ?? '';
  // Dify opens every thought blank and ends with one holding only the answer: neither is a tool call.
  if (!name) return;
  const step: ToolStep = {
    kind: 'tool',
    id: readString(data, 'id') ?? name,
    name: name.split(';').join(', '),
    input: shorten(readString(data, 'tool_input') ?? ''),
    output: shorten(readString(data, 'observation') ?? ''),
  };
  const index = view.steps.findIndex((candidate) => candidate.id === step.id);
  if (index >= 0) view.steps[index] = step;
  else view.steps.push(step);
}

function upsertNode(view: StepsView, byExecution: Map<string, NodeStep>, byNodeId: Map<string, NodeStep>, event: DifyProgressEvent): void {
  const data = event.progress;
  const id = readString(data, event.type === 'agent_log' ? 'node_execution_id' : 'id') ?? '';
  const finished = /finished|completed/.test(event.type);
  if (event.type === 'agent_log') {
    const owner = byExecution.get(id);
    const label = readString(data, 'label');
    if (owner && label)
      owner.children.push({
        kind: 'node',
        id: readString(data, 'id') ?? label,
        title: label,
        type: '',
        status: readString(data, 'status') ?? '',
        children: [],
      });
    return;
  }
  const nodeId = readString(data, 'node_id') ?? '';
  // An iteration or loop may also have reported `node_started` under another execution id: one step for both.
  const running = /^(iteration|loop)_/.test(event.type) ? byNodeId.get(nodeId) : undefined;
  let step = byExecution.get(id) ?? (running?.status === 'running' ? running : undefined);
  if (!step) {
    const title = readString(data, 'title') ?? '';
    step = { kind: 'node', id, title, type: readString(data, 'node_type') ?? '', status: 'running', children: [] };
    parentList(view, byNodeId, data).push(step);
  }
  byExecution.set(id, step);
  if (nodeId) byNodeId.set(nodeId, step);
  if (finished) {
    step.status = readString(data, 'status') ?? 'succeeded';
    const elapsed = readNumber(data, 'elapsed_time');
    if (elapsed !== undefined) step.elapsed = elapsed;
  }
}

/**
 * Folds an answer's progress events (as the answer run recorded them) into what the steps view shows:
 * tool calls upserted by thought id, nodes by execution id (`node_started` then `node_finished`), the
 * nodes of an iteration or loop inside it, agent log lines inside their node, and tool images. Pure.
 */
export function foldSteps(events: readonly DifyProgressEvent[]): StepsView {
  const view: StepsView = { steps: [], images: [] };
  const byExecution = new Map<string, NodeStep>();
  const byNodeId = new Map<string, NodeStep>();
  for (const event of events) {
    const data = event.progress;
    if (event.type === 'agent_thought') upsertTool(view, data);
    else if (event.type === 'message_file') {
      const url = readString(data, 'type') === 'image' ? difyFileUrl(readString(data, 'url')) : undefined;
      if (url && !view.images.some((image) => image.url === url)) view.images.push({ id: readString(data, 'id') ?? url, url });
    } else if (!event.type.endsWith('_next')) upsertNode(view, byExecution, byNodeId, event);
  }
  return view;
}

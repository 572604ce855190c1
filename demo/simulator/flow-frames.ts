/**
 * The frames of a chatflow or workflow run (dify-api.md §4.5, §11.1), keys in the order of the 1.13.3
 * captures. Chatflow frames carry the chat envelope (conversation_id, message_id, created_at, task_id);
 * workflow frames carry `workflow_run_id` and `task_id`. Building a frame also records it on the run.
 */
import { randomUUID } from 'node:crypto';
import type { FlowNode } from './flows.ts';
import type { Frame } from './generation.ts';
import { epochSeconds } from './http.ts';
import { pauseReason, requiredData, type HumanInputForm, type Submission } from './human-input.ts';
import { elapsedSeconds, type FlowRun, type RunStatus } from './runs.ts';
import { envelope as chatEnvelope, messageEndFrame, textFrame } from './shapes-message.ts';

export interface NodeResult {
  status: 'succeeded' | 'failed';
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  processData?: Record<string, unknown>;
  error?: string;
  executionMetadata?: Record<string, unknown> | null;
}

/** The iteration or loop a node runs inside: its node id, as `iteration_id` / `loop_id` carry it (§4.5). */
export interface GroupParent {
  kind: 'iteration' | 'loop';
  nodeId: string;
}

export class FlowFrames {
  private readonly groups = new Map<string, { id: string; createdAt: number }>();

  constructor(private readonly run: FlowRun) {}

  /** The envelope, then `data`. */
  frame(event: string, data: Record<string, unknown>): Frame {
    const { run } = this;
    if (run.message !== undefined) {
      return { ...chatEnvelope({ ...run.message.ids, taskId: run.taskId }, event), workflow_run_id: run.id, data };
    }
    return { event, workflow_run_id: run.id, task_id: run.taskId, data };
  }

  workflowStarted(reason: 'initial' | 'resumption'): Frame {
    const { run } = this;
    return this.frame('workflow_started', {
      id: run.id,
      workflow_id: run.workflowId,
      inputs: run.startedInputs,
      created_at: run.createdAt,
      reason,
    });
  }

  nodeStarted(node: FlowNode, parent?: GroupParent): Frame {
    const createdAt = epochSeconds();
    const id = randomUUID();
    // Every node reports index 1 and null inputs when it starts (all the 1.13.3 captures).
    const data = {
      id,
      node_id: node.nodeId,
      node_type: node.nodeType,
      title: node.title,
      index: 1,
      predecessor_node_id: null,
      inputs: null,
      inputs_truncated: false,
      created_at: createdAt,
      extras: {},
      iteration_id: parent?.kind === 'iteration' ? parent.nodeId : null,
      loop_id: parent?.kind === 'loop' ? parent.nodeId : null,
      agent_strategy: null,
    };
    this.run.nodes.push({ node, id, createdAt, started: data });
    return this.frame('node_started', data);
  }

  nodeFinished(node: FlowNode, result: NodeResult, parent?: GroupParent): Frame {
    const execution = this.run.nodes.findLast((candidate) => candidate.node.nodeId === node.nodeId);
    const data = {
      id: execution?.id ?? randomUUID(),
      node_id: node.nodeId,
      node_type: node.nodeType,
      title: node.title,
      index: 1,
      predecessor_node_id: null,
      inputs: result.inputs,
      inputs_truncated: false,
      process_data: result.processData ?? {},
      process_data_truncated: false,
      outputs: result.outputs,
      outputs_truncated: false,
      status: result.status,
      error: result.error ?? null,
      elapsed_time: 0.0002,
      execution_metadata: result.executionMetadata ?? null,
      created_at: execution?.createdAt ?? epochSeconds(),
      finished_at: epochSeconds(),
      files: [],
      iteration_id: parent?.kind === 'iteration' ? parent.nodeId : null,
      loop_id: parent?.kind === 'loop' ? parent.nodeId : null,
    };
    if (execution !== undefined) execution.finished = data;
    if (result.status === 'failed') this.run.exceptionsCount += 1;
    return this.frame('node_finished', data);
  }

  /** `iteration_started` / `loop_started` (§4.5); the group's nodes name it by `iteration_id` / `loop_id`. */
  groupStarted(parent: GroupParent, node: FlowNode, inputs: Record<string, unknown>): Frame {
    const id = randomUUID();
    const createdAt = epochSeconds();
    this.groups.set(node.nodeId, { id, createdAt });
    const data = {
      id,
      node_id: node.nodeId,
      node_type: node.nodeType,
      title: node.title,
      created_at: createdAt,
      extras: {},
      metadata: {},
      inputs,
      inputs_truncated: false,
    };
    return this.frame(`${parent.kind}_started`, data);
  }

  /** `iteration_next` / `loop_next`: round `index` (0-based) begins. */
  groupNext(parent: GroupParent, node: FlowNode, index: number): Frame {
    const group = this.groups.get(node.nodeId);
    const data = {
      id: group?.id ?? randomUUID(),
      node_id: node.nodeId,
      node_type: node.nodeType,
      title: node.title,
      index,
      created_at: group?.createdAt ?? epochSeconds(),
      extras: {},
    };
    return this.frame(`${parent.kind}_next`, data);
  }

  /** `iteration_completed` / `loop_completed`, after `steps` rounds. */
  groupCompleted(
    parent: GroupParent,
    node: FlowNode,
    inputs: Record<string, unknown>,
    outputs: Record<string, unknown>,
    steps: number,
  ): Frame {
    const group = this.groups.get(node.nodeId);
    const createdAt = group?.createdAt ?? epochSeconds();
    return this.frame(`${parent.kind}_completed`, {
      id: group?.id ?? randomUUID(),
      node_id: node.nodeId,
      node_type: node.nodeType,
      title: node.title,
      outputs,
      outputs_truncated: false,
      created_at: createdAt,
      extras: {},
      inputs,
      inputs_truncated: false,
      status: 'succeeded',
      error: null,
      elapsed_time: 0.0031 * steps,
      total_tokens: 0,
      execution_metadata: { total_tokens: 0 },
      finished_at: epochSeconds(),
      steps,
    });
  }

  /**
   * `agent_log`: one line of an Agent node's work (§4.5), named by the node's execution id. Dify's log statuses
   * are `start`, `success` and `error`; `parent_id` nests a line under another.
   */
  agentLog(node: FlowNode, line: { id: string; label: string; parentId?: string; data: Record<string, unknown> }): Frame {
    const execution = this.run.nodes.findLast((candidate) => candidate.node.nodeId === node.nodeId);
    return this.frame('agent_log', {
      node_execution_id: execution?.id ?? randomUUID(),
      id: line.id,
      label: line.label,
      parent_id: line.parentId ?? null,
      error: null,
      status: 'success',
      data: line.data,
      metadata: { elapsed_time: 0.0012, provider: 'langgenius/agent' },
      node_id: node.nodeId,
    });
  }

  /** Output moderation replaced the text so far: a chatflow `message_replace`, a workflow `text_replace` (§4.4, §11.1). */
  replaced(text: string): Frame {
    const { run } = this;
    if (run.message === undefined) return this.frame('text_replace', { text });
    return { ...chatEnvelope({ ...run.message.ids, taskId: run.taskId }, 'message_replace'), answer: text, reason: 'output_moderation' };
  }

  /** A text delta: a chatflow `message`, a workflow `text_chunk`. */
  delta(text: string, selector: readonly string[]): Frame {
    const { run } = this;
    if (run.message !== undefined) return textFrame({ ...run.message.ids, taskId: run.taskId }, text, 'message', selector);
    return this.frame('text_chunk', { text, from_variable_selector: selector });
  }

  messageEnd(answer: string): Frame[] {
    const { run } = this;
    if (run.message === undefined) return [];
    return [messageEndFrame({ ...run.message, ids: { ...run.message.ids, taskId: run.taskId } }, answer, [])];
  }

  /** The answer saved so far, as a state snapshot replays it (§11.2). */
  messageReplace(answer: string): Frame[] {
    const { run } = this;
    if (run.message === undefined) return [];
    return [{ ...chatEnvelope({ ...run.message.ids, taskId: run.taskId }, 'message_replace'), answer, reason: '' }];
  }

  /** Ends the run: the run's record takes the status, and the frame says it. */
  workflowFinished(status: Exclude<RunStatus, 'running' | 'paused'>, outputs: Record<string, unknown>, error: string | null): Frame {
    const { run } = this;
    Object.assign(run, { status, outputs, error, finishedAt: epochSeconds() });
    return this.frame('workflow_finished', finishedData(run));
  }

  humanInputRequired(form: HumanInputForm): Frame {
    return this.frame('human_input_required', requiredData(form));
  }

  workflowPaused(): Frame {
    const { run } = this;
    run.status = 'paused';
    return this.frame('workflow_paused', {
      workflow_run_id: run.id,
      paused_nodes: run.forms.map((form) => form.node.nodeId),
      outputs: {},
      reasons: run.forms.map(pauseReason),
      status: 'paused',
      created_at: run.createdAt,
      elapsed_time: elapsedSeconds(run),
      total_tokens: run.totalTokens,
      total_steps: run.nodes.length,
    });
  }

  /** How a resumed run reports the answer (§4.5); main ≥ 2026-06-04 adds `submitted_data`. */
  formFilled(form: HumanInputForm, submission: Submission, withSubmittedData: boolean): Frame {
    return this.frame('human_input_form_filled', {
      node_id: form.node.nodeId,
      node_title: form.node.title,
      rendered_content: submission.renderedContent,
      action_id: submission.actionId,
      action_text: submission.actionText,
      ...(withSubmittedData ? { submitted_data: submission.inputs } : {}),
    });
  }
}

/** `workflow_finished.data` (§4.5). */
export function finishedData(run: FlowRun): Record<string, unknown> {
  return {
    id: run.id,
    workflow_id: run.workflowId,
    status: run.status,
    outputs: run.outputs,
    error: run.error,
    elapsed_time: elapsedSeconds(run),
    total_tokens: run.totalTokens,
    total_steps: run.nodes.length,
    created_by: run.createdBy,
    created_at: run.createdAt,
    finished_at: run.finishedAt,
    exceptions_count: run.exceptionsCount,
    files: [],
  };
}

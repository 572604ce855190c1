/** Frames of the workflow-based modes: advanced-chat (chatflow) and workflow apps. */
import { randomUUID } from 'node:crypto';
import type { Frame, StreamShape } from './generation.ts';
import { epochSeconds } from './http.ts';
import { errorFrame, messageEndFrame, envelope as messageEnvelope, type AnswerContext } from './shapes-message.ts';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'stopped';

export interface WorkflowRunContext {
  taskId: string;
  runId: string;
  workflowId: string;
  /** What `workflow_started.data.inputs` shows (chatflows add `sys.*` variables). */
  inputs: Record<string, unknown>;
  createdBy: { id: string; user: string };
  startedAtMs: number;
  /** Set for chatflows: the message the run answers. */
  answer?: AnswerContext;
}

interface NodeSpec {
  nodeId: string;
  nodeType: string;
  title: string;
}

const startNode: NodeSpec = { nodeId: '1718000000001', nodeType: 'start', title: 'Start' };
const llmNode: NodeSpec = { nodeId: '1718000000002', nodeType: 'llm', title: 'LLM' };
const answerNode: NodeSpec = { nodeId: 'answer', nodeType: 'answer', title: 'Answer' };
const endNode: NodeSpec = { nodeId: '1718000000003', nodeType: 'end', title: 'End' };

/** The variable selector chatflow `message` deltas and workflow `text_chunk`s name. */
const llmTextSelector = [llmNode.nodeId, 'text'];

export interface RunSummary {
  status: RunStatus;
  outputs: Record<string, unknown>;
  error: string | null;
  totalSteps: number;
  totalTokens: number;
  elapsedTime: number;
  finishedAt: number | null;
}

export class WorkflowShape implements StreamShape {
  private readonly executions = new Map<string, { id: string; index: number; createdAt: number }>();
  private status: RunStatus = 'running';
  private outputs: Record<string, unknown> = {};
  private error: string | null = null;
  private finishedAt: number | null = null;
  private readonly createdAt = epochSeconds();

  constructor(private readonly run: WorkflowRunContext) {}

  /** The run's state so far, for the blocking body and GET /workflows/run/:id. */
  summary(): RunSummary {
    return {
      status: this.status,
      outputs: this.outputs,
      error: this.error,
      totalSteps: this.executions.size,
      totalTokens: this.status === 'succeeded' ? 42 : 0,
      elapsedTime: (Date.now() - this.run.startedAtMs) / 1000,
      finishedAt: this.finishedAt,
    };
  }

  opening(): Frame[] {
    return [
      this.frame('workflow_started', {
        id: this.run.runId,
        workflow_id: this.run.workflowId,
        inputs: this.run.inputs,
        created_at: this.createdAt,
      }),
      this.nodeStarted(startNode, this.run.inputs),
      this.nodeFinished(startNode, 'succeeded', this.run.inputs, null),
      this.nodeStarted(llmNode, {}),
    ];
  }

  delta(text: string): Frame {
    const answer = this.run.answer;
    if (answer !== undefined) {
      return {
        ...messageEnvelope(answer.ids, 'message'),
        id: answer.ids.messageId,
        answer: text,
        from_variable_selector: llmTextSelector,
      };
    }
    return this.frame('text_chunk', { text, from_variable_selector: llmTextSelector });
  }

  completed(answer: string): Frame[] {
    const outputNode = this.run.answer === undefined ? endNode : answerNode;
    const outputs = this.run.answer === undefined ? { text: answer } : { answer };
    const frames = [
      this.nodeFinished(llmNode, 'succeeded', { text: answer }, null),
      this.nodeStarted(outputNode, {}),
      this.nodeFinished(outputNode, 'succeeded', outputs, null),
      this.workflowFinished('succeeded', outputs, null),
    ];
    return this.withMessageEnd(frames, answer);
  }

  stopped(answer: string): Frame[] {
    return this.withMessageEnd([this.workflowFinished('stopped', {}, null)], answer);
  }

  failed(_answer: string, message: string): Frame[] {
    const frames = [this.nodeFinished(llmNode, 'failed', {}, message), this.workflowFinished('failed', {}, message)];
    if (this.run.answer !== undefined) frames.push(errorFrame(this.run.answer.ids, message));
    return frames;
  }

  private withMessageEnd(frames: Frame[], answer: string): Frame[] {
    if (this.run.answer !== undefined) frames.push(messageEndFrame(this.run.answer, answer, []));
    return frames;
  }

  private frame(event: string, data: Record<string, unknown>): Frame {
    const answer = this.run.answer;
    if (answer !== undefined) {
      return { ...messageEnvelope(answer.ids, event), workflow_run_id: this.run.runId, data };
    }
    return { event, workflow_run_id: this.run.runId, task_id: this.run.taskId, data };
  }

  private nodeStarted(node: NodeSpec, inputs: Record<string, unknown>): Frame {
    const execution = { id: randomUUID(), index: this.executions.size + 1, createdAt: epochSeconds() };
    this.executions.set(node.nodeId, execution);
    return this.frame('node_started', {
      id: execution.id,
      node_id: node.nodeId,
      node_type: node.nodeType,
      title: node.title,
      index: execution.index,
      predecessor_node_id: null,
      inputs,
      inputs_truncated: false,
      created_at: execution.createdAt,
      extras: {},
      iteration_id: null,
      loop_id: null,
      agent_strategy: null,
    });
  }

  private nodeFinished(node: NodeSpec, status: 'succeeded' | 'failed', outputs: Record<string, unknown>, error: string | null): Frame {
    const execution = this.executions.get(node.nodeId) ?? { id: randomUUID(), index: 0, createdAt: epochSeconds() };
    return this.frame('node_finished', {
      id: execution.id,
      node_id: node.nodeId,
      node_type: node.nodeType,
      title: node.title,
      index: execution.index,
      predecessor_node_id: null,
      inputs: {},
      inputs_truncated: false,
      process_data: null,
      process_data_truncated: false,
      outputs,
      outputs_truncated: false,
      status,
      error,
      elapsed_time: 0.01,
      execution_metadata: node.nodeType === 'llm' ? { total_tokens: 42, total_price: '0.0000840', currency: 'USD' } : {},
      created_at: execution.createdAt,
      finished_at: epochSeconds(),
      files: [],
      iteration_id: null,
      loop_id: null,
    });
  }

  private workflowFinished(status: RunStatus, outputs: Record<string, unknown>, error: string | null): Frame {
    this.status = status;
    this.outputs = outputs;
    this.error = error;
    this.finishedAt = epochSeconds();
    const summary = this.summary();
    return this.frame('workflow_finished', {
      id: this.run.runId,
      workflow_id: this.run.workflowId,
      status,
      outputs,
      error,
      elapsed_time: summary.elapsedTime,
      total_tokens: summary.totalTokens,
      total_steps: summary.totalSteps,
      created_by: this.run.createdBy,
      created_at: this.createdAt,
      finished_at: this.finishedAt,
      exceptions_count: 0,
      files: [],
    });
  }
}

/**
 * The graphs simulated advanced-chat and workflow apps run (pure data). `llm` is the demo's own app (an LLM
 * node answers, scripted by the query); the others are the apps the 1.13.3 captures were recorded with
 * (`shared/dify-captures/1.13.3/apps/s2-*.yml`), so that replaying a capture here runs the same graph.
 */
import type { FormField } from './form-field.ts';

export type FlowName = 'llm' | 'echo' | 'greeting' | 'http-fail' | 'code-fail' | 'slow-http';

export interface FlowNode {
  nodeId: string;
  nodeType: string;
  title: string;
}

/** A piece of the Answer node's template (or of the End node's output): constant text or a variable. */
export type Segment = { text: string } | { from: readonly [string, string] };

/** The node between Start and the output, and how it behaves. */
export type MiddleNode =
  | { kind: 'llm'; node: FlowNode }
  | { kind: 'fail'; node: FlowNode; error: string; processData: Record<string, unknown>; inputs: 'query' | 'none' }
  | { kind: 'slow'; node: FlowNode; outputs: Record<string, string> };

export interface FlowSpec {
  /** Start variables; undefined keeps the mode's own form (input-form.ts). */
  form?: FormField[];
  middle?: MiddleNode;
  /** The Answer template (chatflow) or the End node's one output (workflow). */
  output: Segment[];
  /** The End node's output variable (workflow apps). */
  outputVariable: string;
}

export const startNode: FlowNode = { nodeId: 'start', nodeType: 'start', title: 'Start' };
export const answerNode: FlowNode = { nodeId: 'answer', nodeType: 'answer', title: 'Answer' };
export const endNode: FlowNode = { nodeId: 'end', nodeType: 'end', title: 'End' };
export const llmNode: FlowNode = { nodeId: 'llm', nodeType: 'llm', title: 'LLM' };
export const approvalNode: FlowNode = { nodeId: 'approval', nodeType: 'human-input', title: 'Approval' };
const httpNode: FlowNode = { nodeId: 'http', nodeType: 'http-request', title: 'HTTP Request' };
const codeNode: FlowNode = { nodeId: 'code', nodeType: 'code', title: 'Code' };

// Keys in the order Dify stores a start variable (captures 25, 56).
const textInput = (variable: string, required: boolean): FormField => ({
  label: variable,
  variable,
  type: 'text-input',
  required,
  max_length: 256,
  options: [],
});

const refused = '[Errno 111] Connection refused';
const refusedRequest = { request: 'GET /refused HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n' };

/** The HTTP Request node that fails (s2-chatflow-http-fail), also what `scenario: node-fail` runs into. */
export const failingHttpNode: MiddleNode = { kind: 'fail', node: httpNode, error: refused, processData: refusedRequest, inputs: 'none' };

const flows: Record<FlowName, FlowSpec> = {
  llm: { middle: { kind: 'llm', node: llmNode }, output: [{ from: ['llm', 'text'] }], outputVariable: 'text' },
  // s2-chatflow-echo ("You said: {{#sys.query#}}") and s2-workflow-echo (End echo = start.query).
  echo: { form: [], output: [{ text: 'You said: ' }, { from: ['sys', 'query'] }], outputVariable: 'echo' },
  // s2-chatflow-required: a required `name`, an optional `city`.
  greeting: {
    form: [textInput('name', true), textInput('city', false)],
    output: [
      { text: 'Hello ' },
      { from: ['start', 'name'] },
      { text: ' from ' },
      { from: ['start', 'city'] },
      { text: '; you said: ' },
      { from: ['sys', 'query'] },
    ],
    outputVariable: 'answer',
  },
  // s2-chatflow-http-fail / s2-workflow-http-fail: an HTTP Request node pointed at a closed port.
  'http-fail': {
    form: [],
    middle: failingHttpNode,
    output: [{ text: 'status ' }, { from: ['http', 'status_code'] }],
    outputVariable: 'status',
  },
  // s2-chatflow-code-fail: a Code node with no sandbox behind it.
  'code-fail': {
    form: [],
    middle: {
      kind: 'fail',
      node: codeNode,
      error: `Failed to execute code, which is likely a network issue, please check if the sandbox service is running. ( Error: ${refused} )`,
      processData: {},
      inputs: 'query',
    },
    output: [{ text: 'code says ' }, { from: ['code', 'result'] }],
    outputVariable: 'result',
  },
  // s2-chatflow-slow: an HTTP Request node whose server answers late (the captures' Stop target).
  'slow-http': {
    form: [],
    middle: { kind: 'slow', node: httpNode, outputs: { body: 'late' } },
    output: [{ text: 'slow server said ' }, { from: ['http', 'body'] }],
    outputVariable: 'body',
  },
};

/** The workflow apps' echo keeps its `query` start variable and outputs it as `echo` (s2-workflow-echo). */
const workflowEcho: FlowSpec = { form: [textInput('query', true)], output: [{ from: ['start', 'query'] }], outputVariable: 'echo' };
const workflowHttpFail: FlowSpec = { ...flows['http-fail'], form: [textInput('query', false)] };

export const flowNames: readonly FlowName[] = ['llm', 'echo', 'greeting', 'http-fail', 'code-fail', 'slow-http'];

export function isFlowName(value: string): value is FlowName {
  return Object.hasOwn(flows, value);
}

/** The graph of an app: its own flow, as the workflow apps' variant where the captures differ. */
export function flowSpec(name: FlowName | undefined, mode: 'advanced-chat' | 'workflow'): FlowSpec {
  if (mode === 'workflow' && name === 'echo') return workflowEcho;
  if (mode === 'workflow' && name === 'http-fail') return workflowHttpFail;
  return flows[name ?? 'llm'];
}

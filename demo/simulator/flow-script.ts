/**
 * The script of a chatflow or workflow run (dify-api.md §4.5), in the order the 1.13.3 captures show:
 * `workflow_started`, the Start node with the part of the output that needs nothing else streamed inside it,
 * the middle node (LLM, a failing HTTP or Code node, a slow HTTP node, the Human Input node), the rest of
 * the output, the Answer or End node, then `message_end` before `workflow_finished`. A failed run ends with
 * `workflow_finished` `failed` (no `error` frame, no `message_end`); a stopped one with `stopped`; a paused
 * one with `human_input_required` and `workflow_paused`.
 */
import { approvalAnswer } from './answers.ts';
import { chunkWords } from './chunking.ts';
import { answerNode, approvalNode, endNode, failingHttpNode, llmNode, startNode, type MiddleNode, type Segment } from './flows.ts';
import type { FlowFrames } from './flow-frames.ts';
import { groupSteps } from './flow-groups.ts';
import { deltaSteps, frameStep, type Frame, type Script, type ScriptEnding, type Step } from './generation.ts';
import type { HumanInputForm, Submission } from './human-input.ts';
import type { FlowRun } from './runs.ts';
import { isModerated, moderatedReply, slowGapMs, type AnswerPlan, type Pacing } from './scenarios.ts';

export interface FlowScriptContext {
  run: FlowRun;
  frames: FlowFrames;
  pacing: Pacing;
  /** Opens the approval form when the run reaches the Human Input node. */
  openForm(): HumanInputForm;
}

const llmMetadata = { total_tokens: 42, total_price: '0.0000840', currency: 'USD' };
const stoppedByUser = 'Stopped by user.';

function outputNode(run: FlowRun): typeof answerNode {
  return run.mode === 'advanced-chat' ? answerNode : endNode;
}

function valueOf(run: FlowRun, from: readonly [string, string], middleOutputs: Record<string, string>): string {
  const [node, variable] = from;
  if (node === 'sys') return variable === 'query' ? run.query : '';
  const value = node === 'start' ? run.inputs[variable] : middleOutputs[variable];
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Streams output segments; a constant is attributed to the Answer node's own template (captures 01, 12). An
 * End node streams only its variables, so a workflow skips constants (capture 60).
 */
function segmentSteps(context: FlowScriptContext, segments: Segment[], middleOutputs: Record<string, string>): Step[] {
  const { run, frames, pacing } = context;
  return segments.flatMap((segment) => {
    if ('text' in segment && run.mode === 'workflow') return [];
    const text = 'text' in segment ? segment.text : valueOf(run, segment.from, middleOutputs);
    const selector = 'text' in segment ? [outputNode(run).nodeId, 'answer'] : segment.from;
    return text === '' ? [] : [{ gapMs: pacing.chunkDelayMs, text, frames: () => [frames.delta(text, selector)] }];
  });
}

/** What the output node and `workflow_finished` report for a finished answer. */
function outputsOf(run: FlowRun, answer: string): Record<string, unknown> {
  if (run.mode === 'advanced-chat') return { answer, files: [] };
  // A workflow given a `json_object` input (SimulatedApp.jsonInput) also outputs it, and a count: outputs
  // that are not text, as an End node can declare them (§11.1).
  const settings = run.inputs['settings'];
  if (typeof settings === 'object' && settings !== null)
    return { [run.spec.outputVariable]: answer, settings, word_count: answer.split(/\s+/).filter(Boolean).length };
  return { [run.spec.outputVariable]: answer };
}

function completedFrames(context: FlowScriptContext, answer: string): Frame[] {
  const { run, frames } = context;
  const whole = run.answer + answer;
  const outputs = outputsOf(run, whole);
  const nodeInputs = run.mode === 'advanced-chat' ? {} : outputs;
  return [
    frames.nodeFinished(outputNode(run), { status: 'succeeded', inputs: nodeInputs, outputs }),
    ...frames.messageEnd(whole),
    frames.workflowFinished('succeeded', outputs, null),
  ];
}

function failedFrames(context: FlowScriptContext, middle: MiddleNode, error: string): Frame[] {
  const { run, frames } = context;
  const inputs = middle.kind === 'fail' && middle.inputs === 'query' ? { q: run.query } : {};
  const processData = middle.kind === 'fail' ? middle.processData : {};
  return [
    frames.nodeFinished(middle.node, { status: 'failed', inputs, outputs: {}, processData, error }),
    frames.workflowFinished('failed', {}, error),
  ];
}

/** The script's ends, shared by every path through the graph. */
function script(context: FlowScriptContext, steps: Step[], ending: ScriptEnding, finish: (answer: string) => Frame[]): Script {
  return { steps, ending, finish, stopped: () => [context.frames.workflowFinished('stopped', {}, stoppedByUser)] };
}

/** The LLM node streaming the plan's deltas, then the output node. */
function llmSteps(context: FlowScriptContext, chunks: string[], gapMs: number): Step[] {
  const { frames, pacing, run } = context;
  return [
    frameStep(pacing.chunkDelayMs, () => [frames.nodeStarted(llmNode)]),
    ...deltaSteps(chunks, gapMs, (text) => frames.delta(text, [llmNode.nodeId, 'text'])),
    frameStep(pacing.chunkDelayMs, () => {
      run.totalTokens = llmMetadata.total_tokens;
      const text = chunks.join('');
      return [frames.nodeFinished(llmNode, { status: 'succeeded', inputs: {}, outputs: { text }, executionMetadata: llmMetadata })];
    }),
    frameStep(pacing.chunkDelayMs, () => [frames.nodeStarted(outputNode(run))]),
  ];
}

/** The default graph, scripted by the query: Start → (Human Input) → LLM → Answer/End. */
function llmRun(context: FlowScriptContext, plan: AnswerPlan, opening: Step[]): Script {
  const { frames, pacing } = context;
  const gap = pacing.chunkDelayMs;
  if (plan.kind === 'stall') return script(context, [], { kind: 'stalled' }, () => []);
  if (plan.kind === 'approval') {
    const steps = [...opening, frameStep(gap, () => [frames.nodeStarted(approvalNode)])];
    return script(context, steps, { kind: 'paused' }, () => {
      const form = context.openForm();
      return [frames.humanInputRequired(form), frames.workflowPaused()];
    });
  }
  if (plan.kind === 'error' && plan.failure === 'node') {
    const steps = [...opening, frameStep(gap, () => [frames.nodeStarted(failingHttpNode.node)])];
    return script(context, steps, { kind: 'failed', message: plan.message }, () => failedFrames(context, failingHttpNode, plan.message));
  }
  const streaming = [
    frameStep(gap, () => [frames.nodeStarted(llmNode)]),
    ...deltaSteps(plan.chunks, plan.gapMs, (text) => frames.delta(text, [llmNode.nodeId, 'text']), plan.firstGapMs),
  ];
  if (plan.kind === 'error') {
    const llmFailure: MiddleNode = { kind: 'fail', node: llmNode, error: plan.message, processData: {}, inputs: 'none' };
    return script(context, [...opening, ...streaming], { kind: 'failed', message: plan.message }, () =>
      failedFrames(context, llmFailure, plan.message),
    );
  }
  if (plan.kind === 'drop') return script(context, [...opening, ...streaming], { kind: 'dropped' }, () => []);
  const groups = context.run.query.trim() === 'scenario: steps' ? groupSteps(frames, gap) : [];
  // Output moderation: the LLM node's text streamed, then all of it is replaced before the output node ends.
  const moderation = isModerated(context.run.query)
    ? [{ gapMs: gap, replace: moderatedReply, frames: () => [frames.replaced(moderatedReply)] }]
    : [];
  return script(
    context,
    [...opening, ...groups, ...llmSteps(context, plan.chunks, plan.gapMs), ...moderation],
    { kind: 'completed' },
    (answer) => completedFrames(context, answer),
  );
}

/** One of the capture apps' graphs: it runs the same way whatever the query says. */
function fixedRun(context: FlowScriptContext, middle: MiddleNode | undefined, opening: Step[], after: Segment[]): Script {
  const { frames, pacing, run } = context;
  const gap = pacing.chunkDelayMs;
  const outputStart = frameStep(gap, () => [frames.nodeStarted(outputNode(run))]);
  if (middle === undefined)
    return script(context, [...opening, outputStart], { kind: 'completed' }, (answer) => completedFrames(context, answer));
  const started = frameStep(gap, () => [frames.nodeStarted(middle.node)]);
  if (middle.kind === 'fail') {
    return script(context, [...opening, started], { kind: 'failed', message: middle.error }, () =>
      failedFrames(context, middle, middle.error),
    );
  }
  const outputs = middle.kind === 'slow' ? middle.outputs : {};
  // The slow server answers after several ping intervals, so a client can stop the run meanwhile (capture 80).
  const finished = frameStep(slowGapMs(pacing) * 2, () => [frames.nodeFinished(middle.node, { status: 'succeeded', inputs: {}, outputs })]);
  const rest = segmentSteps(context, after, outputs);
  return script(context, [...opening, started, finished, ...rest, outputStart], { kind: 'completed' }, (answer) =>
    completedFrames(context, answer),
  );
}

/** A new run: the graph of the run's flow, with the LLM graph scripted by `plan`. */
export function initialScript(context: FlowScriptContext, plan: AnswerPlan): Script {
  const { frames, pacing, run } = context;
  const gap = pacing.chunkDelayMs;
  const { middle, output } = run.spec;
  const firstLate = middle === undefined ? -1 : output.findIndex((segment) => 'from' in segment && segment.from[0] === middle.node.nodeId);
  const early = firstLate < 0 ? output : output.slice(0, firstLate);
  const late = firstLate < 0 ? [] : output.slice(firstLate);
  const opening = [
    frameStep(gap, () => [frames.workflowStarted('initial')]),
    frameStep(gap, () => [frames.nodeStarted(startNode)]),
    ...segmentSteps(context, early, {}),
    frameStep(gap, () => [frames.nodeFinished(startNode, { status: 'succeeded', inputs: run.inputs, outputs: run.inputs })]),
  ];
  if (middle?.kind === 'llm') return llmRun(context, plan, opening);
  return fixedRun(context, middle, opening, late);
}

/** A run resumed after its form was answered (§11.2): `reason: "resumption"`, the answer, then the LLM. */
export function resumedScript(
  context: FlowScriptContext,
  form: HumanInputForm,
  submission: Submission,
  withSubmittedData: boolean,
): Script {
  const { frames, pacing, run } = context;
  const gap = pacing.chunkDelayMs;
  const chunks = chunkWords(approvalAnswer(run.query, submission.actionId, submission.inputs['comment'] ?? ''));
  const steps = [
    frameStep(gap, () => [frames.workflowStarted('resumption')]),
    frameStep(gap, () => [frames.formFilled(form, submission, withSubmittedData)]),
    frameStep(gap, () => [
      frames.nodeFinished(approvalNode, {
        status: 'succeeded',
        inputs: {},
        outputs: { ...submission.inputs, __action_id: submission.actionId },
      }),
    ]),
    ...llmSteps(context, chunks, gap),
  ];
  return script(context, steps, { kind: 'completed' }, (answer) => completedFrames(context, answer));
}

/** Agent-chat frames: thought 1 uses a clock tool, thought 2 carries the `agent_message` answer (§4.4). */
import { randomUUID } from 'node:crypto';
import { deltaSteps, frameStep, type Frame, type Script } from './generation.ts';
import { epochSeconds } from './http.ts';
import type { AgentThought } from './records.ts';
import type { AnswerPlan } from './scenarios.ts';
import {
  endingOf,
  envelope,
  errorFrame,
  messageEndFrame,
  messageFileFrame,
  type AnswerContext,
  type AssistantFile,
} from './shapes-message.ts';

const clockTool = 'current_time';
const clockLabels = { [clockTool]: { en_US: 'Current Time', zh_Hans: '获取当前时间' } };
const drawTool = 'dalle3';
const drawLabels = { [drawTool]: { en_US: 'DALL-E 3', zh_Hans: 'DALL-E 3 绘画' } };

/** What thought 1 calls: the clock, or (with an image to return) the drawing tool, whose image it names by id. */
function toolCall(query: string, image: AssistantFile | undefined): Partial<AgentThought> {
  if (image === undefined)
    return {
      thought: 'I should check the clock before answering.',
      tool: clockTool,
      tool_labels: clockLabels,
      tool_input: JSON.stringify({ [clockTool]: { timezone: 'UTC' } }),
    };
  return {
    thought: 'I will draw it.',
    tool: drawTool,
    tool_labels: drawLabels,
    tool_input: JSON.stringify({ [drawTool]: { prompt: query } }),
    files: [image.id],
  };
}

function blankThought(messageId: string, position: number): AgentThought {
  return {
    id: randomUUID(),
    chain_id: null,
    message_id: messageId,
    position,
    thought: '',
    tool: '',
    tool_labels: {},
    tool_input: '',
    created_at: epochSeconds(),
    observation: '',
    files: [],
  };
}

/** The agent-chat script, and the thoughts it fills in (stored on the message afterwards). */
export function agentChatScript(
  context: AnswerContext,
  plan: AnswerPlan,
  image?: AssistantFile,
): { script: Script; thoughts: AgentThought[] } {
  const { ids } = context;
  const first = blankThought(ids.messageId, 1);
  const second = blankThought(ids.messageId, 2);
  const thoughtFrame = (thought: AgentThought): Frame => ({
    ...envelope(ids, 'agent_thought'),
    id: thought.id,
    position: thought.position,
    thought: thought.thought,
    observation: thought.observation,
    tool: thought.tool,
    tool_labels: thought.tool_labels,
    tool_input: thought.tool_input,
    message_files: thought.files,
  });
  const gap = plan.kind === 'stall' ? 0 : plan.openingGapMs;
  // The same thought id is re-sent as it fills in: an upsert by id.
  const opening = [
    frameStep(gap, () => [thoughtFrame(first)]),
    frameStep(gap, () => {
      Object.assign(first, toolCall(context.query, image));
      return [thoughtFrame(first)];
    }),
    frameStep(gap, () => {
      first.observation = JSON.stringify(
        image === undefined ? { [clockTool]: new Date().toISOString() } : { [drawTool]: 'image has been created and sent to user already' },
      );
      // The tool's image follows its observation (§4.4).
      return image === undefined ? [thoughtFrame(first)] : [thoughtFrame(first), messageFileFrame(context.ids, image)];
    }),
    frameStep(gap, () => [thoughtFrame(second)]),
  ];
  const deltas =
    plan.kind === 'stall'
      ? []
      : deltaSteps(
          plan.chunks,
          plan.gapMs,
          (text) => ({ ...envelope(ids, 'agent_message'), id: ids.messageId, answer: text }),
          plan.firstGapMs,
        );
  const ending = endingOf(plan);
  const completed = (answer: string): Frame[] => {
    second.thought = answer;
    return [thoughtFrame(second), messageEndFrame(context, answer, null)];
  };
  const script: Script = {
    steps: [...opening, ...deltas],
    ending,
    finish: (answer) => (ending.kind === 'failed' ? [errorFrame(ids, ending.message)] : completed(answer)),
    stopped: completed,
  };
  return { script, thoughts: [first, second] };
}

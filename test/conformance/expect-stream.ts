/**
 * What a stream must look like, per mode (dify-api.md checklist 2–3, 6, 15; §4.3–4.5; §11.1). Pure: each
 * function lists the problems it finds in an answer that was read, so a real Dify, the simulator and our
 * proxy are held to the same rules.
 */
import { dataFrames, type Answer, type DataBlock } from './answer.ts';
import { belongsTo } from './events.ts';
import { brief, object, text } from './json.ts';
import type { ModeSpec } from './modes.ts';

const successful = new Set(['succeeded', 'partial-succeeded']);

function eventsOf(frames: readonly DataBlock[]): string {
  const names = frames.map((frame) => frame.event);
  return names.length > 12 ? `${names.slice(0, 6).join(', ')} … ${names.slice(-4).join(', ')}` : names.join(', ');
}

/** Every block is `data: {json with "event"}` or a bare `event: ping` (or a `:` comment, which clients skip). */
export function framingProblems(answer: Answer): string[] {
  if (answer.blocks.length === 0) return ['the stream carried no frames'];
  return answer.blocks.flatMap((block, index) =>
    block.kind === 'malformed' ? [`frame ${index + 1} is ${block.why}: ${brief(block.raw, 80)}`] : [],
  );
}

/** The frames up to and including the one that ended the answer. */
function framesToEnd(answer: Answer): DataBlock[] {
  return dataFrames(answer.terminal === undefined ? answer.blocks : answer.blocks.slice(0, answer.terminal + 1));
}

function endProblem(answer: Answer): string | undefined {
  const frames = dataFrames(answer.blocks);
  if (answer.terminal !== undefined) return undefined;
  const seen = frames.length === 0 ? 'no data frames' : `saw ${eventsOf(frames)}`;
  if (answer.end === 'open') return `no frame ended the answer in time (${seen})`;
  return `the stream ${answer.end === 'broken' ? 'broke' : 'closed'} before a frame ended the answer (${seen})`;
}

function failureProblem(last: DataBlock): string | undefined {
  if (last.event === 'error') return `the answer failed: ${brief(last.frame)}`;
  if (last.event === 'workflow_paused') return 'the run paused for human input; give the suite an app without a Human Input node';
  const status = text(object(last.frame, 'data'), 'status');
  if (last.event === 'workflow_finished' && !successful.has(status ?? '')) {
    return `the run ended with status ${status ?? '(none)'}: ${text(object(last.frame, 'data'), 'error') ?? ''}`;
  }
  return undefined;
}

/** Every frame but `error` carries the same task_id; chat frames the same conversation and message. */
function envelopeProblems(mode: ModeSpec, frames: readonly DataBlock[]): string[] {
  const problems: string[] = [];
  const keys = mode.name === 'completion' || mode.name === 'workflow' ? ['task_id'] : ['task_id', 'conversation_id', 'message_id'];
  for (const key of keys) {
    const values = new Set(frames.filter((frame) => frame.event !== 'error').map((frame) => text(frame.frame, key)));
    if (values.has(undefined)) problems.push(`some frames have no ${key}`);
    else if (values.size > 1) problems.push(`${key} changes between frames`);
  }
  if (mode.name === 'completion' && frames.some((frame) => 'conversation_id' in frame.frame)) {
    problems.push('completion frames carry a conversation_id');
  }
  return problems;
}

function startProblems(mode: ModeSpec, answer: Answer, frames: readonly DataBlock[]): string[] {
  const first = answer.blocks.find((block) => block.kind !== 'comment');
  if (mode.workflowBased) {
    const problems = first?.kind === 'ping' ? [] : ['the stream did not start with `event: ping`'];
    if (frames[0] !== undefined && frames[0].event !== 'workflow_started')
      problems.push(`the first data frame is ${frames[0].event}, not workflow_started`);
    return problems;
  }
  // Chat and completion streams run in the API process and start with data (§4.3); the agent mode pings while it works (§2).
  return mode.name !== 'agent' && first?.kind === 'ping' ? ['the stream started with a ping; Dify starts chat streams with data'] : [];
}

function shapeProblems(mode: ModeSpec, frames: readonly DataBlock[]): string[] {
  const last = frames.at(-1);
  const before = frames.slice(0, -1);
  const problems: string[] = [];
  if (last === undefined) return problems;
  const expectedEnd = mode.workflowBased ? 'workflow_finished' : 'message_end';
  if (last.event !== expectedEnd) problems.push(`the answer ended with ${last.event}, not ${expectedEnd}`);
  if (mode.name === 'chatflow' && last.event === 'workflow_finished') {
    const messageEnds = frames.filter((frame) => frame.event === 'message_end').length;
    if (messageEnds !== 1) problems.push(`${messageEnds} message_end frames, not one`);
    if (before.at(-1)?.event !== 'message_end')
      problems.push(`workflow_finished came after ${before.at(-1)?.event ?? 'nothing'}, not right after message_end`);
  }
  if (mode.name === 'agent' && (before.length !== 1 || before[0]?.event !== 'message')) {
    problems.push(`the agent answer came as ${eventsOf(before) || 'no frames'}, not as one message frame`);
  }
  return problems;
}

/** The event order of a successful answer, from its start to the frame that ended it. */
export function orderProblems(mode: ModeSpec, answer: Answer): string[] {
  const ended = endProblem(answer);
  const frames = framesToEnd(answer);
  const problems = [...startProblems(mode, answer, frames)];
  if (ended !== undefined) return [...problems, ended];
  const last = frames.at(-1);
  const failed = last === undefined ? undefined : failureProblem(last);
  if (failed !== undefined) return [...problems, failed];
  const foreign = [...new Set(frames.map((frame) => frame.event).filter((event) => !belongsTo(event, mode.name)))];
  if (foreign.length > 0) problems.push(`events a ${mode.name} app does not send: ${foreign.join(', ')}`);
  return [...problems, ...shapeProblems(mode, frames), ...envelopeProblems(mode, frames)];
}

/** After the frame that ended the answer: chat streams may add TTS audio, then close; worker streams close at once (§4.3). */
export function closeProblems(mode: ModeSpec, answer: Answer): string[] {
  if (answer.terminal === undefined) return ['the answer never ended, so its close could not be seen'];
  const after = answer.blocks.slice(answer.terminal + 1).filter((block) => block.kind !== 'comment');
  const extra = mode.workflowBased
    ? after
    : after.filter((block) => block.kind !== 'ping' && !(block.kind === 'data' && block.event.startsWith('tts_message')));
  const ended = answer.blocks[answer.terminal];
  const name = ended?.kind === 'data' ? ended.event : 'the last frame';
  const problems =
    extra.length === 0
      ? []
      : [`${extra.length} frame(s) after ${name}: ${extra.map((block) => (block.kind === 'data' ? block.event : block.kind)).join(', ')}`];
  if (answer.end === 'open') problems.push(`the stream was still open a while after ${name}`);
  if (answer.end === 'broken') problems.push(`the connection broke after ${name} instead of closing`);
  return problems;
}

/** How a stopped answer ends (§5): message_end for chat modes; workflow_finished `stopped` or `failed` for worker runs. */
export function stoppedProblems(mode: ModeSpec, answer: Answer): string[] {
  const last = answer.terminal === undefined ? undefined : answer.blocks[answer.terminal];
  if (last?.kind !== 'data')
    return [`no frame ended the answer ${answer.end === 'open' ? 'in time after the stop' : 'before the stream closed'}`];
  if (!mode.workflowBased) return last.event === 'message_end' ? [] : [`the stopped answer ended with ${last.event}, not message_end`];
  if (last.event !== 'workflow_finished') return [`the stopped run ended with ${last.event}, not workflow_finished`];
  const status = text(object(last.frame, 'data'), 'status');
  return status === 'stopped' || status === 'failed'
    ? []
    : [`the stopped run ended with status ${status ?? '(none)'}, not stopped or failed`];
}

/**
 * What the suite checks, for which modes, and how each check reads as behaviour (the vitest names and the
 * table's rows). Static, so both runners know every cell before anything goes over the network.
 */
import type { DifyVersion } from '../../shared/dify-wire.ts';
import type { ModeName, ModeSpec } from './modes.ts';

export const checkNames = [
  'framing',
  'order',
  'close',
  'stop',
  'messages-paging',
  'conversations-paging',
  'feedback',
  'rename',
  'inputs',
  'delete',
] as const;
export type CheckName = (typeof checkNames)[number];

/** Direct: the app key against Dify. Proxy: a visitor session against our proxy in front of the same Dify. */
export type PathName = 'direct' | 'proxy';
export const pathNames: readonly PathName[] = ['direct', 'proxy'];

const conversationChecks: ReadonlySet<CheckName> = new Set(['messages-paging', 'conversations-paging', 'rename', 'inputs', 'delete']);

/** Why a check means nothing for a mode, or undefined when it applies. */
export function notApplicable(check: CheckName, mode: ModeSpec): string | undefined {
  if (conversationChecks.has(check) && !mode.conversations) return `${mode.name} apps have no conversations`;
  if (check === 'feedback' && mode.name === 'workflow') return 'workflow runs have no messages to rate';
  // §2: the agent mode sends its whole answer as one frame once the run is over, so no task id is known before.
  if (check === 'stop' && mode.name === 'agent') return 'agent apps send no task id before the answer is complete';
  return undefined;
}

const orderByMode: Readonly<Record<ModeName, string>> = {
  chat: 'answers with message deltas and then message_end, starting without a ping',
  'agent-chat': 'answers with agent_thought and agent_message frames and then message_end, starting without a ping',
  chatflow: 'starts with a ping, then workflow_started … message_end → workflow_finished (succeeded)',
  completion: 'answers with message deltas and then message_end, without a conversation_id',
  workflow: 'starts with a ping, then workflow_started … workflow_finished (succeeded), without message_end',
  agent: 'answers in one message frame and then message_end',
};

function inputsBehaviour(mode: ModeSpec, path: PathName, version: DifyVersion | undefined): string {
  if (path === 'proxy') return 'ends a continuation that lacks a required input with an error naming the input';
  if (mode.name !== 'chatflow') return 'refuses a continuation that lacks a required input with 400 invalid_param';
  if (version === 'main') return 'answers a streaming continuation that lacks a required input with a ping and one bare error frame';
  if (version === undefined)
    return 'answers a streaming continuation that lacks a required input with a ping, then silence or a bare error';
  return 'answers a streaming continuation that lacks a required input with a ping and then silence';
}

/** The behaviour a passing cell shows, as a sentence (the test name). */
export function behaviour(check: CheckName, mode: ModeSpec, path: PathName, version?: DifyVersion): string {
  switch (check) {
    case 'framing':
      return 'frames every event as one `data: {json}` line and a ping as `event: ping` without data';
    case 'order':
      return orderByMode[mode.name];
    case 'close':
      return mode.workflowBased ? 'closes the stream right after workflow_finished' : 'closes the stream after message_end';
    case 'stop':
      return mode.workflowBased
        ? 'ends a stopped run with workflow_finished (stopped or failed) and closes'
        : 'ends a stopped answer with message_end and closes';
    case 'messages-paging':
      return 'pages /messages oldest first with limit, first_id and has_more';
    case 'conversations-paging':
      return 'pages /conversations with limit, last_id and has_more';
    case 'feedback':
      return 'records a like on a message and removes it with rating null';
    case 'rename':
      return 'renames a conversation by name and by auto_generate';
    case 'inputs':
      return inputsBehaviour(mode, path, version);
    case 'delete':
      return 'deletes a conversation with 204, after which its messages are 404';
  }
}

/** The app modes the suite checks, and what each one is on the wire (dify-api.md §2, §4.3). */
import type { AppMode } from '../../shared/dify-wire.ts';

export type ModeName = 'chat' | 'agent-chat' | 'chatflow' | 'completion' | 'workflow' | 'agent';

export interface ModeSpec {
  readonly name: ModeName;
  /** The mode as Dify's `/info` reports it and the proxy's config names it. */
  readonly difyMode: AppMode;
  /** The environment variable that holds this mode's app key for `npm run test:dify`. */
  readonly keyVariable: string;
  /** The endpoint that starts a generation. */
  readonly generatePath: '/chat-messages' | '/completion-messages' | '/workflows/run';
  readonly stopPath: (taskId: string) => string;
  /** Chat apps keep conversations (messages, rename, delete); completion and workflow apps do not. */
  readonly conversations: boolean;
  /** Chatflow and workflow streams run in Dify's worker: a ping first, closed at workflow_finished (§4.3). */
  readonly workflowBased: boolean;
}

const chatStop = (taskId: string) => `/chat-messages/${taskId}/stop`;

function chatMode(name: ModeName, difyMode: AppMode, keyVariable: string, workflowBased = false): ModeSpec {
  return { name, difyMode, keyVariable, generatePath: '/chat-messages', stopPath: chatStop, conversations: true, workflowBased };
}

export const modes: readonly ModeSpec[] = [
  chatMode('chat', 'chat', 'DIFY_KEY_CHAT'),
  chatMode('agent-chat', 'agent-chat', 'DIFY_KEY_AGENT_CHAT'),
  chatMode('chatflow', 'advanced-chat', 'DIFY_KEY_CHATFLOW', true),
  {
    name: 'completion',
    difyMode: 'completion',
    keyVariable: 'DIFY_KEY_COMPLETION',
    generatePath: '/completion-messages',
    stopPath: (taskId) => `/completion-messages/${taskId}/stop`,
    conversations: false,
    workflowBased: false,
  },
  {
    name: 'workflow',
    difyMode: 'workflow',
    keyVariable: 'DIFY_KEY_WORKFLOW',
    generatePath: '/workflows/run',
    stopPath: (taskId) => `/workflows/tasks/${taskId}/stop`,
    conversations: false,
    workflowBased: true,
  },
  chatMode('agent', 'agent', 'DIFY_KEY_AGENT'),
];

export function modeSpec(name: ModeName): ModeSpec {
  const spec = modes.find((candidate) => candidate.name === name);
  if (spec === undefined) throw new Error(`unknown mode ${name}`);
  return spec;
}

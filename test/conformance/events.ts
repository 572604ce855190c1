/** Which stream events belong to which mode (dify-api.md §4.4, §4.5, §11.1). Unknown events are ignorable (checklist 15). */
import type { StreamEventName } from '../../shared/dify-wire.ts';
import type { ModeName } from './modes.ts';

const easyUi: readonly ModeName[] = ['chat', 'agent-chat', 'completion'];
const messageModes: readonly ModeName[] = [...easyUi, 'chatflow', 'agent'];
const workflowModes: readonly ModeName[] = ['chatflow', 'workflow'];
// A legacy chat app with agent mode enabled runs as agent-chat while /info still says chat (§2).
const agentModes: readonly ModeName[] = ['chat', 'agent-chat'];
const every: readonly ModeName[] = ['chat', 'agent-chat', 'chatflow', 'completion', 'workflow', 'agent'];
const tts: readonly ModeName[] = [...easyUi, ...workflowModes];

/** Keyed by every event name, so an event added to the wire contract must be placed here. */
const modesOfEvent: Readonly<Record<StreamEventName, readonly ModeName[]>> = {
  message: messageModes,
  agent_message: agentModes,
  agent_thought: agentModes,
  message_file: [...easyUi, 'chatflow'],
  message_replace: [...easyUi, 'chatflow'],
  message_end: messageModes,
  tts_message: tts,
  tts_message_end: tts,
  error: every,
  workflow_started: workflowModes,
  node_started: workflowModes,
  node_finished: workflowModes,
  node_retry: workflowModes,
  iteration_started: workflowModes,
  iteration_next: workflowModes,
  iteration_completed: workflowModes,
  loop_started: workflowModes,
  loop_next: workflowModes,
  loop_completed: workflowModes,
  agent_log: workflowModes,
  text_chunk: ['workflow'],
  text_replace: ['workflow'],
  human_input_required: workflowModes,
  human_input_form_filled: workflowModes,
  human_input_form_timeout: workflowModes,
  workflow_paused: workflowModes,
  workflow_finished: workflowModes,
};

function isKnownEvent(event: string): event is StreamEventName {
  return Object.hasOwn(modesOfEvent, event);
}

/** False only for a known event that this mode never sends. */
export function belongsTo(event: string, mode: ModeName): boolean {
  return !isKnownEvent(event) || modesOfEvent[event].includes(mode);
}

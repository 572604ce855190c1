/**
 * The facts of Dify's Service API that the widget, the proxy and the simulator all depend on
 * (`dify-api.md` beside the design). Types only: each part imports this with `import type`, so no code
 * crosses from one part into another, and writes its runtime tables as records keyed by these unions,
 * so a mode or an event added here is a compile error everywhere it is not yet handled.
 */

/**
 * App modes (dify-api.md §2); `agent-chat`, `agent` and `advanced-chat` (chatflow) are chat apps. `agent`
 * (main ≥ 2026-06-02) only streams.
 */
export type AppMode = 'chat' | 'agent-chat' | 'agent' | 'advanced-chat' | 'completion' | 'workflow';

/** The Dify releases the simulator plays and the conformance suite knows (dify-api.md §0). */
export type DifyVersion = '1.13' | '1.14' | 'main';

/** What a mode is to a visitor: a conversation, a one-shot generation, or a workflow run. */
export type AppFamily = 'chat' | 'completion' | 'workflow';

/** Dify's error body (§1.3). Every error the proxy itself produces has this shape too. */
export interface DifyErrorBody {
  code: string;
  message: string;
  status: number;
}

/** The `event` of a stream frame (§4.4, §4.5, §11.1). Keep-alive pings are `event: ping` lines without data. */
export type StreamEventName =
  | 'message'
  | 'agent_message'
  | 'agent_thought'
  | 'message_file'
  | 'message_replace'
  | 'message_end'
  | 'tts_message'
  | 'tts_message_end'
  | 'error'
  | 'workflow_started'
  | 'node_started'
  | 'node_finished'
  | 'node_retry'
  | 'iteration_started'
  | 'iteration_next'
  | 'iteration_completed'
  | 'loop_started'
  | 'loop_next'
  | 'loop_completed'
  | 'agent_log'
  | 'text_chunk'
  | 'text_replace'
  | 'human_input_required'
  | 'human_input_form_filled'
  | 'human_input_form_timeout'
  | 'workflow_paused'
  | 'workflow_finished';

/** The events after which Dify generates nothing more for the answer (the checklist's item 2). */
export type TerminalEventName = Extract<StreamEventName, 'message_end' | 'workflow_finished' | 'workflow_paused' | 'error'>;

/** The keys Dify repeats on the frames of one answer (§4.3), which tie a frame to its answer and task. */
export type EnvelopeKey = 'conversation_id' | 'message_id' | 'task_id' | 'workflow_run_id' | 'created_at';

/** The Service API endpoints the proxy forwards, by the names its routes, logs and the widget use. */
export type EndpointName =
  | 'chat-messages'
  | 'chat-stop'
  | 'completion-messages'
  | 'completion-stop'
  | 'workflows-run'
  | 'workflow-stop'
  | 'messages'
  | 'feedbacks'
  | 'suggested'
  | 'conversations'
  | 'conversation-delete'
  | 'conversation-rename'
  | 'parameters'
  | 'info'
  | 'meta'
  | 'site'
  | 'files-upload'
  | 'audio-to-text'
  | 'text-to-audio'
  | 'form-read'
  | 'form-submit'
  | 'workflow-events';

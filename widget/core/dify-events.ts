import type { StreamEventName } from '../../shared/dify-wire.ts';
import { difyErrorFields } from '../../shared/json.ts';
import type { EventSourceMessage } from './sse.ts';
import { isRecord, parseJson, readRecord, readString, type JsonRecord } from './guards.ts';

/** Ids every Dify chat frame repeats; completion frames have no conversation id, errors no task id. */
interface DifyEnvelope {
  conversationId?: string;
  messageId?: string;
  taskId?: string;
}

/** Every event is named as Dify names it on the wire, so a misspelt or unknown name does not compile. */
interface NamedEvent {
  type: StreamEventName;
}

/**
 * A delta of answer text: `message` in chat, completion and chatflow apps, `agent_message` in
 * agent-chat apps, and `message_file` carrying `answer` when the model's message already has a file
 * (dify-api.md §4.4: every delta of that message then comes under that name).
 */
interface DifyTextEvent extends DifyEnvelope, NamedEvent {
  /** `text_chunk`: a workflow app's output text delta (§11.1), in `data.text`. */
  type: 'message' | 'agent_message' | 'message_file' | 'text_chunk';
  text: string;
}

/** Output moderation replaced everything shown so far. */
interface DifyReplaceEvent extends DifyEnvelope, NamedEvent {
  type: 'message_replace';
  text: string;
  reason?: string;
}

/** The answer is complete. `metadata` (usage, retriever_resources) and the frame's `files` are kept raw for later features. */
interface DifyEndEvent extends DifyEnvelope, NamedEvent {
  type: 'message_end';
  metadata: JsonRecord;
}

/**
 * Generation failed after the stream started (Dify's or the proxy's in-stream error frame). `code` is
 * absent on the bare frame Dify main's worker sends when a chatflow run fails before it starts (§4.3).
 */
interface DifyErrorEvent extends DifyEnvelope, NamedEvent {
  type: 'error';
  code?: string;
  status: number;
  message: string;
}

/** A chatflow run ended; `failed` and `stopped` are the end of the answer, with no `message_end` (§4.5). */
interface DifyRunFinishedEvent extends DifyEnvelope, NamedEvent {
  type: 'workflow_finished';
  status: string;
  error?: string;
  /** The run's outputs (a workflow app's result, §11.1). */
  outputs?: JsonRecord;
}

/** One form the run will wait on; `workflow_paused` follows. */
interface DifyFormEvent extends DifyEnvelope, NamedEvent {
  type: 'human_input_required';
  form: JsonRecord;
}

/** The run waits for a person: the end of this stream, not of the answer (§11.2). */
interface DifyPauseEvent extends DifyEnvelope, NamedEvent {
  type: 'workflow_paused';
  runId?: string;
  forms: JsonRecord[];
}

/**
 * A piece of the answer's speech, when the app reads answers aloud by itself (`text_to_speech.autoPlay`,
 * dify-api.md §4.4): a base64 MP3 chunk, `""` on the closing `tts_message_end`. It goes to the voice
 * chunk's listener (model/answer-run.ts `speech`), never into the answer state; the voice chunk adds
 * the readers when it loads.
 */
export interface DifyAudioEvent extends DifyEnvelope, NamedEvent {
  type: 'tts_message' | 'tts_message_end';
  audio: string;
}

/** The events that tell how an answer is being made: agent thoughts, tool files, chatflow nodes, iterations, loops. */
type ProgressEventName = Extract<
  StreamEventName,
  | 'agent_thought'
  | 'message_file'
  | 'node_started'
  | 'node_finished'
  | 'iteration_started'
  | 'iteration_next'
  | 'iteration_completed'
  | 'loop_started'
  | 'loop_next'
  | 'loop_completed'
  | 'agent_log'
>;

/**
 * One progress frame as Dify sent it (its `data`, or the frame itself for the flat agent events), for the
 * lazily loaded steps view (widget/steps/) to narrow: the chat only records it, which keeps the open chat small.
 */
export interface DifyProgressEvent extends DifyEnvelope {
  type: ProgressEventName;
  progress: JsonRecord;
}

/** The Dify stream events the widget understands. Everything else is ignored. */
export type DifyEvent =
  | DifyTextEvent
  | DifyReplaceEvent
  | DifyEndEvent
  | DifyErrorEvent
  | DifyRunFinishedEvent
  | DifyFormEvent
  | DifyPauseEvent
  | DifyProgressEvent
  | DifyAudioEvent;

function isProgressName(name: string): name is ProgressEventName {
  return /^(agent_thought|message_file|(node|iteration|loop)_(started|finished|next|completed)|agent_log)$/.test(name);
}

function readEnvelope(frame: JsonRecord): DifyEnvelope {
  const envelope: DifyEnvelope = {};
  const conversationId = readString(frame, 'conversation_id');
  const messageId = readString(frame, 'message_id') ?? readString(frame, 'id');
  const taskId = readString(frame, 'task_id');
  if (conversationId) envelope.conversationId = conversationId;
  if (messageId) envelope.messageId = messageId;
  if (taskId) envelope.taskId = taskId;
  return envelope;
}

export type FrameReader = (frame: JsonRecord, envelope: DifyEnvelope) => DifyEvent | undefined;

function readTextEvent(type: DifyTextEvent['type']): FrameReader {
  return (frame, envelope) => {
    const text = readString(frame, 'answer');
    return text === undefined ? undefined : { ...envelope, type, text };
  };
}

function readError(frame: JsonRecord, envelope: DifyEnvelope): DifyErrorEvent {
  const { code, status = 500, message = 'The answer stopped because of an error on the server.' } = difyErrorFields(frame);
  return code === undefined ? { ...envelope, type: 'error', status, message } : { ...envelope, type: 'error', code, status, message };
}

export function readRunFinished(frame: JsonRecord, envelope: DifyEnvelope): DifyRunFinishedEvent {
  const data = readRecord(frame, 'data') ?? {};
  const event: DifyRunFinishedEvent = { ...envelope, type: 'workflow_finished', status: readString(data, 'status') ?? '' };
  const error = readString(data, 'error');
  if (error) event.error = error;
  return event;
}

/** The forms of a pause: its `reasons[]` whose type (`TYPE`, or `type` in Dify's docs) is a form. */
function formReasons(data: JsonRecord): JsonRecord[] {
  const reasons = Array.isArray(data.reasons) ? data.reasons.filter(isRecord) : [];
  return reasons.filter(
    (reason) => (readString(reason, 'TYPE') ?? readString(reason, 'type') ?? 'human_input_required') === 'human_input_required',
  );
}

function readPause(frame: JsonRecord, envelope: DifyEnvelope): DifyPauseEvent {
  const data = readRecord(frame, 'data') ?? {};
  const event: DifyPauseEvent = { ...envelope, type: 'workflow_paused', forms: formReasons(data) };
  const runId = readString(data, 'workflow_run_id') ?? readString(frame, 'workflow_run_id');
  if (runId) event.runId = runId;
  return event;
}

// One reader per understood event. Later features (agent_thought, files, node progress) add a
// reader here and a case in the reducer; nothing else changes. A lazily loaded view adds the readers
// only it needs when it loads (the workflow view: `text_chunk`, the outputs of `workflow_finished`;
// the voice chunk: `tts_message` and `tts_message_end`).
export const frameReaders = new Map<string, FrameReader>(
  Object.entries({
    message: readTextEvent('message'),
    agent_message: readTextEvent('agent_message'),
    // Only the text variant of `message_file` carries `answer`; one with `url` (a tool's file) is progress.
    message_file: readTextEvent('message_file'),
    message_replace: (frame, envelope) => {
      const text = readString(frame, 'answer');
      if (text === undefined) return undefined;
      const reason = readString(frame, 'reason');
      return reason === undefined ? { ...envelope, type: 'message_replace', text } : { ...envelope, type: 'message_replace', text, reason };
    },
    // A chatflow's answer files (`files`, §4.5) join the metadata raw, for the lazily loaded AnswerFiles;
    // the `null` of every other app's frame is left out, so the metadata stays what Dify sent in it.
    message_end: (frame, envelope) => ({
      ...envelope,
      type: 'message_end',
      metadata: { ...readRecord(frame, 'metadata'), ...(Array.isArray(frame.files) && { files: frame.files }) },
    }),
    error: readError,
    workflow_finished: readRunFinished,
    human_input_required: (frame, envelope) => {
      const form = readRecord(frame, 'data');
      return form && { ...envelope, type: 'human_input_required', form };
    },
    workflow_paused: readPause,
  } satisfies Partial<Record<StreamEventName, FrameReader>>),
);

/**
 * Stage 2 of the stream: one SSE message → a typed Dify event, or undefined for anything the widget
 * does not use (pings, empty frames, malformed JSON, unknown or future event types).
 *
 * Dify puts the event name inside the JSON (`data: {"event":"message",…}`); the SSE `event:` field
 * is only a fallback for frames whose JSON lacks one.
 */
export function toDifyEvent(message: EventSourceMessage): DifyEvent | undefined {
  if (message.event === 'ping' || message.data === '') return undefined;
  const frame = parseJson(message.data);
  if (!isRecord(frame)) return undefined;
  const name = readString(frame, 'event') ?? message.event;
  if (name === undefined) return undefined;
  const envelope = readEnvelope(frame);
  const event = frameReaders.get(name)?.(frame, envelope);
  return event ?? (isProgressName(name) ? { ...envelope, type: name, progress: readRecord(frame, 'data') ?? frame } : undefined);
}

/** Stages 1 + 2 as one transform for the transport: SSE messages in, Dify events out. */
export function toDifyEventStream(messages: ReadableStream<EventSourceMessage>): ReadableStream<DifyEvent> {
  return messages.pipeThrough(
    new TransformStream<EventSourceMessage, DifyEvent>({
      transform(message, controller) {
        const event = toDifyEvent(message);
        if (event) controller.enqueue(event);
      },
    }),
  );
}

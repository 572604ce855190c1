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

/** A delta of answer text (`message` in chat/completion/chatflow apps, `agent_message` in agent apps). */
interface DifyTextEvent extends DifyEnvelope, NamedEvent {
  type: 'message' | 'agent_message';
  text: string;
}

/** Output moderation replaced everything shown so far. */
interface DifyReplaceEvent extends DifyEnvelope, NamedEvent {
  type: 'message_replace';
  text: string;
  reason?: string;
}

/** The answer is complete. `metadata` (usage, retriever_resources) is kept raw for later features. */
interface DifyEndEvent extends DifyEnvelope, NamedEvent {
  type: 'message_end';
  metadata: JsonRecord;
}

/** Generation failed after the stream started (Dify's or the proxy's in-stream error frame). */
interface DifyErrorEvent extends DifyEnvelope, NamedEvent {
  type: 'error';
  code: string;
  status: number;
  message: string;
}

/** The Dify stream events the widget understands. Everything else is ignored. */
export type DifyEvent = DifyTextEvent | DifyReplaceEvent | DifyEndEvent | DifyErrorEvent;

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

type FrameReader = (frame: JsonRecord, envelope: DifyEnvelope) => DifyEvent | undefined;

function readTextEvent(type: DifyTextEvent['type']): FrameReader {
  return (frame, envelope) => {
    const text = readString(frame, 'answer');
    return text === undefined ? undefined : { ...envelope, type, text };
  };
}

// One reader per understood event. Later features (agent_thought, message_file, workflow/node
// progress, tts) add a reader here and a case in the reducer; nothing else changes.
const frameReaders = new Map<string, FrameReader>(
  Object.entries({
    message: readTextEvent('message'),
    agent_message: readTextEvent('agent_message'),
    message_replace: (frame, envelope) => {
      const text = readString(frame, 'answer');
      if (text === undefined) return undefined;
      const reason = readString(frame, 'reason');
      return reason === undefined ? { ...envelope, type: 'message_replace', text } : { ...envelope, type: 'message_replace', text, reason };
    },
    message_end: (frame, envelope) => ({ ...envelope, type: 'message_end', metadata: readRecord(frame, 'metadata') ?? {} }),
    error: (frame, envelope) => {
      const {
        code = 'stream_error',
        status = 500,
        message = 'The answer stopped because of an error on the server.',
      } = difyErrorFields(frame);
      return { ...envelope, type: 'error', code, status, message };
    },
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
  const reader = name === undefined ? undefined : frameReaders.get(name);
  return reader ? reader(frame, readEnvelope(frame)) : undefined;
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

import { createParser } from 'eventsource-parser';
import { parseFrame } from './observe.ts';

/**
 * Frames that carry only answer text or progress, many per answer and nothing the proxy acts on once it
 * knows the stream's ids: their JSON is not parsed. Everything else (message_end, workflow_finished,
 * workflow_paused, error, human_input_required, frames of names not listed here) always is.
 */
const textFrames: ReadonlySet<string> = new Set([
  'message',
  'agent_message',
  'text_chunk',
  'tts_message',
  'agent_thought',
  'node_started',
  'node_finished',
  'ping',
]);

/** The event name when the frame opens with it, as Dify writes them (`{"event":"message",…`); undefined otherwise. */
const leadingEvent = /^\s*\{\s*"event"\s*:\s*"([a-z_]+)"/;

function eventNameOf(data: string): string | undefined {
  return leadingEvent.exec(data.slice(0, 48))?.[1];
}

/** What the reader hands on: a parsed frame, or the name and unparsed text of a text frame that was skipped. */
export interface FrameSink {
  frame(payload: Record<string, unknown>): void;
  skipped(event: string, data: string): void;
}

/**
 * Feeds stream bytes through the SSE parser. Every frame is parsed while `parseAll()` says so (a blocking
 * answer needs them all; a stream needs them until its ids are known); after that only frames whose
 * leading event name is not plain text are, found by a look at their first bytes. No frame is too long:
 * the parser is given no `maxBufferSize`, since a `tts_message` carries a base64 MP3 piece of tens of KB
 * (the relay forwards the bytes before they reach this reader, so a long frame never holds one back).
 */
export function frameReader(sink: FrameSink, parseAll: () => boolean): (chunk: Uint8Array) => void {
  const decoder = new TextDecoder();
  const parser = createParser({
    onEvent(event) {
      if (!parseAll()) {
        const name = eventNameOf(event.data);
        if (name !== undefined && textFrames.has(name)) {
          sink.skipped(name, event.data);
          return;
        }
      }
      const frame = parseFrame(event.data);
      if (frame !== undefined) sink.frame(frame);
    },
  });
  return (chunk) => parser.feed(decoder.decode(chunk, { stream: true }));
}

import { EventSourceParserStream, type EventSourceMessage } from 'eventsource-parser/stream';

export type { EventSourceMessage };

/**
 * Stage 1 of the stream: response bytes → Server-Sent Events messages.
 *
 * `TextDecoderStream` keeps a multi-byte character that is split across reads until its last byte
 * arrives, and eventsource-parser keeps a partial line (including a CR waiting for its LF) across
 * reads, so chunk boundaries never change the messages produced. Comment lines (`: heartbeat`) are
 * dropped by the parser; `event: ping` frames come out and are ignored by the next stage.
 */
export function toServerSentEvents(body: ReadableStream<Uint8Array<ArrayBuffer>>): ReadableStream<EventSourceMessage> {
  return body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
}

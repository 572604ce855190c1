/**
 * Stage 1 of the stream: response bytes → Server-Sent Events messages, as the HTML standard's
 * "interpreting an event stream" describes them (lines end in CRLF, LF or CR; a leading BOM is
 * dropped; `:` lines are comments; `data` lines join with LF; a blank line dispatches; an event
 * without data is not dispatched; an unfinished event at the end is dropped).
 *
 * Written here rather than taken from eventsource-parser (which the proxy uses): that parser is
 * about 1.5 KB gzip of a chat whose whole budget is 40 KB, and the widget needs only this much.
 * `TextDecoderStream` keeps a multi-byte character split across reads until its last byte
 * arrives, and a partial line (including a CR that may be the first half of a CRLF) waits for the
 * next read, so chunk boundaries never change the messages produced.
 */
export interface EventSourceMessage {
  /** The `event` field, when the frame has one. */
  event?: string;
  /** The `id` field, when the frame has one. */
  id?: string;
  data: string;
}

const LF = 10;
const CR = 13;

function createParser(): Transformer<string, EventSourceMessage> {
  let pending = '';
  let started = false;
  let data = '';
  let fields: Omit<EventSourceMessage, 'data'> = {};

  function readLine(line: string, output: TransformStreamDefaultController<EventSourceMessage>): void {
    if (line === '') {
      // The data buffer holds every data line with an LF after it: drop the last LF on dispatch.
      if (data !== '') output.enqueue({ ...fields, data: data.slice(0, -1) });
      data = '';
      fields = {};
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) return;
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') data += `${value}\n`;
    else if (name === 'event') fields.event = value;
    else if (name === 'id' && !value.includes('\0')) fields.id = value;
  }

  return {
    transform(chunk, output) {
      let text = pending + chunk;
      if (!started && text !== '') {
        started = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      let start = 0;
      for (let index = 0; index < text.length; index += 1) {
        const code = text.charCodeAt(index);
        if (code !== LF && code !== CR) continue;
        // A CR at the end of this read may be the first half of a CRLF: wait for the next read.
        if (code === CR && index + 1 === text.length) break;
        readLine(text.slice(start, index), output);
        if (code === CR && text.charCodeAt(index + 1) === LF) index += 1;
        start = index + 1;
      }
      pending = text.slice(start);
    },
  };
}

export function toServerSentEvents(body: ReadableStream<Uint8Array<ArrayBuffer>>): ReadableStream<EventSourceMessage> {
  return body.pipeThrough(new TextDecoderStream()).pipeThrough(new TransformStream(createParser()));
}

import { describe, expect, it } from 'vitest';
import { toServerSentEvents, type EventSourceMessage } from '../../../widget/core/sse.ts';

function streamOf(chunks: readonly string[]): ReadableStream<Uint8Array<ArrayBuffer>> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk) as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
}

async function messages(chunks: readonly string[]): Promise<EventSourceMessage[]> {
  const read: EventSourceMessage[] = [];
  const reader = toServerSentEvents(streamOf(chunks)).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return read;
    read.push(value);
  }
}

/** Every way of cutting `text` into two reads gives the same messages as one read. */
async function sameAtEveryCut(text: string): Promise<EventSourceMessage[]> {
  const whole = await messages([text]);
  for (let cut = 0; cut <= text.length; cut += 1) expect(await messages([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
  return whole;
}

describe('reading Server-Sent Events as the HTML standard interprets them', () => {
  it('ends lines at CRLF, LF or CR alike, wherever a read is cut', async () => {
    expect(await sameAtEveryCut('data: a\r\n\r\ndata: b\n\ndata: c\r\rdata: d\r\n\n')).toEqual([
      { data: 'a' },
      { data: 'b' },
      { data: 'c' },
      { data: 'd' },
    ]);
  });

  it('joins data lines with LF, reads event and id, and strips one space after the colon only', async () => {
    expect(await sameAtEveryCut('event: message\nid: 7\ndata:  two spaces\ndata:x\n\n')).toEqual([
      { event: 'message', id: '7', data: ' two spaces\nx' },
    ]);
  });

  it('drops comments, a leading BOM, unknown fields and events without data', async () => {
    expect(await sameAtEveryCut('\uFEFF: heartbeat\nretry: 10\nevent: ping\n\nfoo: bar\ndata\n\n')).toEqual([{ data: '' }]);
  });

  it('drops an unfinished event at the end of the stream', async () => {
    expect(await messages(['data: done\n\n', 'data: cut off'])).toEqual([{ data: 'done' }]);
    expect(await messages(['data: cut off\n'])).toEqual([]);
  });

  it('drops a BOM only at the very start: later, it makes the line an unknown field', async () => {
    expect(await messages(['', 'data: a\n\n', '\uFEFFdata: b\n\n'])).toEqual([{ data: 'a' }]);
  });
});

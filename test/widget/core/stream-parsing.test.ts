import { describe, expect, it } from 'vitest';
import { toDifyEvent, toDifyEventStream, type DifyEvent } from '../../../widget/core/dify-events.ts';
import { toServerSentEvents } from '../../../widget/core/sse.ts';
import { buildStream, encodeDataFrame, streamFixtures } from '../fixtures/dify-streams.ts';
import { collect, offsetsInsideCharacters, offsetsInsideCrlf, seededRandom, splitAt, streamOf } from '../fixtures/streams.ts';

// Each fixture is parsed once per byte; on a busy shared machine that can take seconds.
const exhaustive = { timeout: 60_000 };

async function parse(chunks: Uint8Array<ArrayBuffer>[]): Promise<DifyEvent[]> {
  return collect(toDifyEventStream(toServerSentEvents(streamOf(chunks))));
}

describe('bytes → SSE messages → Dify events', () => {
  for (const fixture of streamFixtures) {
    describe(fixture.name, () => {
      it('reads the expected events from the whole stream', async () => {
        expect(await parse([fixture.bytes])).toEqual(fixture.expected);
      });

      it('reads the same events when the stream is cut at any single byte', exhaustive, async () => {
        for (let offset = 1; offset < fixture.bytes.length; offset += 1) {
          expect(await parse(splitAt(fixture.bytes, [offset])), `cut at byte ${offset}`).toEqual(fixture.expected);
        }
      });

      it('reads the same events when every byte arrives alone', exhaustive, async () => {
        const offsets = Array.from({ length: fixture.bytes.length - 1 }, (_, index) => index + 1);
        expect(await parse(splitAt(fixture.bytes, offsets))).toEqual(fixture.expected);
      });

      it('reads the same events from seeded random chunkings', async () => {
        const random = seededRandom(fixture.bytes.length);
        for (let round = 0; round < 20; round += 1) {
          const offsets = [...new Set(Array.from({ length: 8 }, () => 1 + Math.floor(random() * (fixture.bytes.length - 1))))].sort(
            (a, b) => a - b,
          );
          expect(await parse(splitAt(fixture.bytes, offsets))).toEqual(fixture.expected);
        }
      });
    });
  }

  it('has fixtures that really cut inside multi-byte characters and CRLF pairs', async () => {
    const crlf = streamFixtures.find((fixture) => fixture.name.startsWith('chat with CRLF'));
    if (!crlf) throw new Error('CRLF fixture missing');
    const inCharacters = offsetsInsideCharacters(crlf.bytes);
    const inCrlf = offsetsInsideCrlf(crlf.bytes);
    expect(inCharacters.length).toBeGreaterThan(10);
    expect(inCrlf.length).toBeGreaterThan(10);
    expect(await parse(splitAt(crlf.bytes, inCharacters))).toEqual(crlf.expected);
    expect(await parse(splitAt(crlf.bytes, inCrlf))).toEqual(crlf.expected);
  });

  it('keeps emoji with skin tones and flags whole when their bytes arrive in separate reads', async () => {
    const fixture = buildStream({ name: 'emoji', kind: 'chat', chunks: ['👋🏽🇩🇪'] });
    const events = await parse(splitAt(fixture.bytes, offsetsInsideCharacters(fixture.bytes)));
    expect(events[0]).toMatchObject({ type: 'message', text: '👋🏽🇩🇪' });
  });

  it('drops an incomplete last frame when the stream ends mid-frame', async () => {
    const fixture = buildStream({ name: 'cut', kind: 'chat', chunks: ['one', 'two'] });
    const lastFrameStart = fixture.text.lastIndexOf('data: {"event":"message_end"');
    const truncated = fixture.bytes.subarray(0, new TextEncoder().encode(fixture.text.slice(0, lastFrameStart + 40)).length);
    const events = await parse([truncated]);
    expect(events.map((event) => event.type)).toEqual(['message', 'message']);
  });
});

describe('toDifyEvent', () => {
  const message = (data: string, event?: string) => ({ data, event });

  it('ignores pings, empty frames and malformed JSON', () => {
    expect(toDifyEvent(message('', 'ping'))).toBeUndefined();
    expect(toDifyEvent(message('{"event":"message","answer":"x"}', 'ping'))).toBeUndefined();
    expect(toDifyEvent(message(''))).toBeUndefined();
    expect(toDifyEvent(message('{"event":"message","answer":'))).toBeUndefined();
    expect(toDifyEvent(message('[1,2]'))).toBeUndefined();
  });

  it('ignores unknown and future event types, including names that exist on Object.prototype', () => {
    for (const name of [
      'workflow_started',
      // node_finished and the other progress events are read now (widget/steps/); node_retry is not.
      'node_retry',
      'tts_message',
      'human_input_required',
      'constructor',
      '__proto__',
      'toString',
    ]) {
      expect(toDifyEvent(message(JSON.stringify({ event: name, answer: 'x' })))).toBeUndefined();
    }
  });

  it('ignores a text event whose answer is not a string', () => {
    expect(toDifyEvent(message('{"event":"message","answer":42}'))).toBeUndefined();
  });

  it('reads the event name from the SSE event field when the JSON has none', () => {
    expect(toDifyEvent(message('{"code":"upstream_timeout","status":504,"message":"Dify went silent."}', 'error'))).toEqual({
      type: 'error',
      code: 'upstream_timeout',
      status: 504,
      message: 'Dify went silent.',
    });
  });

  it('fills an error event that lacks fields with a generic server error, and no code', () => {
    expect(toDifyEvent(message('{"event":"error"}'))).toEqual({
      type: 'error',
      status: 500,
      message: 'The answer stopped because of an error on the server.',
    });
  });

  it('keeps message_end metadata as a record and tolerates a missing one', () => {
    expect(toDifyEvent(message(encodeDataFrame({ event: 'message_end', id: 'm1' }).slice(6, -2)))).toEqual({
      type: 'message_end',
      messageId: 'm1',
      metadata: {},
    });
  });
});

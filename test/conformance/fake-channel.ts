/** A channel that answers from bytes given by a test, for checking the checks without a server. */
import type { Bounds, Channel } from './channel.ts';
import type { JsonReply } from './http.ts';
import { parseJson } from './json.ts';
import type { PathName } from './plan.ts';
import { BlockReader } from './sse.ts';

const fakeBounds: Bounds = { requestMs: 500, answerMs: 400, silenceMs: 100, closeMs: 100, stopMs: 100 };

/** What the fake answers a generation with: stream bytes (`close`: end after them, else stay open) or a JSON reply. */
export type FakeAnswer =
  { readonly stream: string | Uint8Array; readonly close?: boolean } | { readonly status: number; readonly body: string };

export function reply(status: number, body: string): JsonReply {
  return { status, contentType: 'application/json', body, json: parseJson(body) };
}

function streamOf(answer: { stream: string | Uint8Array; close?: boolean }): BlockReader {
  const bytes = typeof answer.stream === 'string' ? new TextEncoder().encode(answer.stream) : answer.stream;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      if (answer.close === true) controller.close();
    },
  });
  return new BlockReader(body, new AbortController());
}

/** `calls` answers every other request, by method and path. */
export function fakeChannel(
  path: PathName,
  answer: FakeAnswer,
  calls: (method: string, target: string) => JsonReply = () => reply(500, '{}'),
): Channel {
  return {
    path,
    bounds: fakeBounds,
    user: 'u1',
    call: (method, target) => Promise.resolve(calls(method, target)),
    stream: () =>
      Promise.resolve(
        'stream' in answer ? { kind: 'stream', reader: streamOf(answer) } : { kind: 'reply', reply: reply(answer.status, answer.body) },
      ),
  };
}

import { createParser } from 'eventsource-parser';

/** One SSE event as a client sees it: the event field (if any) and the data parsed as JSON when it is JSON. */
export interface ReceivedEvent {
  readonly event: string | undefined;
  readonly data: string;
  readonly json: Record<string, unknown> | undefined;
}

function parseJson(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a whole SSE text into events and comments, the way a spec-following client does. */
export function parseEventStream(text: string): { events: ReceivedEvent[]; comments: string[] } {
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  const parser = createParser({
    onEvent: (event) => events.push({ event: event.event, data: event.data, json: parseJson(event.data) }),
    onComment: (comment) => comments.push(comment),
  });
  parser.feed(text);
  return { events, comments };
}

/** The JSON payloads of a stream's data events. */
export function dataEvents(text: string): Record<string, unknown>[] {
  return parseEventStream(text).events.flatMap((event) => (event.json === undefined ? [] : [event.json]));
}

export interface StreamReader {
  /** Resolves with the first data event whose JSON satisfies `predicate`. */
  until(predicate: (json: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Reads to the end; resolves with every byte received. */
  rest(): Promise<Buffer>;
  /** Bytes received so far. */
  received(): Buffer;
}

/** Reads a fetch response body incrementally, so tests can act in the middle of a stream. */
export function readStream(response: Response): StreamReader {
  const body = response.body;
  if (body === null) throw new Error('response has no body');
  const reader = body.getReader();
  const chunks: Buffer[] = [];
  const decoder = new TextDecoder();
  const seen: Record<string, unknown>[] = [];
  const parser = createParser({
    onEvent: (event) => {
      const json = parseJson(event.data);
      if (json !== undefined) seen.push(json);
    },
  });
  let finished = false;
  async function next(): Promise<boolean> {
    if (finished) return false;
    const { done, value } = await reader.read();
    if (done) {
      finished = true;
      return false;
    }
    chunks.push(Buffer.from(value));
    parser.feed(decoder.decode(value, { stream: true }));
    return true;
  }
  return {
    async until(predicate) {
      for (;;) {
        const found = seen.find(predicate);
        if (found !== undefined) return found;
        if (!(await next()))
          throw new Error(`stream ended without the expected event; saw ${JSON.stringify(seen.map((event) => event['event']))}`);
      }
    },
    async rest() {
      while (await next());
      return Buffer.concat(chunks);
    },
    received: () => Buffer.concat(chunks),
  };
}

/** Waits for an emitter event matching `predicate`, failing after `timeoutMs`. */
export function waitForEvent<T>(
  emitter: { on(name: string, listener: (value: T) => void): unknown; off(name: string, listener: (value: T) => void): unknown },
  name: string,
  predicate: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(name, listener);
      reject(new Error(`no '${name}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    function listener(value: T): void {
      if (!predicate(value)) return;
      clearTimeout(timer);
      emitter.off(name, listener);
      resolve(value);
    }
    emitter.on(name, listener);
  });
}

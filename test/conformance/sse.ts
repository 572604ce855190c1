/**
 * Reads an event stream block by block (a block ends at a blank line), keeping each block's raw text so
 * the framing itself can be checked, not only what a tolerant parser makes of it (dify-api.md §4.3).
 */
import { isObject, parseJson, type JsonObject } from './json.ts';

export type Block =
  | { readonly kind: 'ping' }
  | { readonly kind: 'data'; readonly frame: JsonObject; readonly event: string }
  /** `: …` lines: the proxy's keep-alive heartbeats (Dify sends none; a client ignores them). */
  | { readonly kind: 'comment' }
  | { readonly kind: 'malformed'; readonly raw: string; readonly why: string };

export type Read = Block | 'eof' | 'timeout';

function classify(raw: string): Block {
  const lines = raw.split('\n');
  if (lines.every((line) => line.startsWith(':'))) return { kind: 'comment' };
  if (raw === 'event: ping') return { kind: 'ping' };
  if (lines.length !== 1) return { kind: 'malformed', raw, why: `a frame of ${lines.length} lines (Dify sends one data line per frame)` };
  if (!raw.startsWith('data: ')) return { kind: 'malformed', raw, why: 'neither `data: {json}` nor `event: ping`' };
  const frame = parseJson(raw.slice('data: '.length));
  if (!isObject(frame)) return { kind: 'malformed', raw, why: 'data that is not a JSON object' };
  const event = frame['event'];
  if (typeof event !== 'string') return { kind: 'malformed', raw, why: 'a JSON frame without a string "event"' };
  return { kind: 'data', frame, event };
}

export class BlockReader {
  /** Every block read so far, in order. */
  readonly blocks: Block[] = [];
  /** True when the connection broke instead of ending cleanly. */
  broken = false;
  private buffer = '';
  private ended = false;
  private pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(
    body: ReadableStream<Uint8Array>,
    private readonly controller: AbortController,
  ) {
    this.reader = body.getReader();
  }

  /** The next block, 'eof' when the server closed the stream, or 'timeout' after `timeoutMs` without one. */
  async next(timeoutMs: number): Promise<Read> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const block = this.take();
      if (block !== undefined) return block;
      if (this.ended) return 'eof';
      const chunk = await this.chunk(deadline - Date.now());
      if (chunk === 'timeout') return 'timeout';
    }
  }

  /** Ends the request (the server sees the client leave). */
  close(): void {
    this.controller.abort();
    void this.reader.cancel().catch(() => undefined);
  }

  private take(): Block | undefined {
    const end = this.buffer.indexOf('\n\n');
    if (end === -1) {
      if (!this.ended || this.buffer === '') return undefined;
      const rest = this.buffer;
      this.buffer = '';
      return this.record({ kind: 'malformed', raw: rest, why: 'the stream ended inside a frame' });
    }
    const raw = this.buffer.slice(0, end);
    this.buffer = this.buffer.slice(end + 2);
    return this.record(classify(raw));
  }

  private record(block: Block): Block {
    this.blocks.push(block);
    return block;
  }

  /** Waits for bytes; a read still pending at the timeout is kept for the next call, so no bytes are lost. */
  private async chunk(timeoutMs: number): Promise<'timeout' | 'read'> {
    this.pending ??= this.reader.read();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, timeoutMs));
    });
    try {
      const result = await Promise.race([this.pending, timeout]);
      if (result === 'timeout') return 'timeout';
      this.pending = undefined;
      if (result.done) this.ended = true;
      else this.buffer += this.decoder.decode(result.value, { stream: true });
      return 'read';
    } catch {
      // A connection that breaks is an end of the stream too; the checks say what was missing by then.
      this.pending = undefined;
      this.ended = true;
      this.broken = true;
      return 'read';
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * One Server-Sent-Events response in Dify's framing: `data: <compact JSON>\n\n` frames with the event name
 * inside the JSON, `event: ping\n\n` after every `pingIntervalMs` of silence, no `[DONE]`.
 */
import type { ServerResponse } from 'node:http';

/** A destination for generation frames: an SSE response, or nothing (blocking mode). */
export interface FrameSink {
  send(frame: Record<string, unknown>): void;
}

/** Where the first multi-byte UTF-8 sequence can be cut in two, or -1 when the text is plain ASCII. */
function cutInsideMultibyte(bytes: Buffer): number {
  const lead = bytes.findIndex((byte) => byte >= 0xc0);
  return lead < 0 ? -1 : lead + 1;
}

export class SseResponse implements FrameSink {
  private pingTimer: NodeJS.Timeout | undefined;
  private pinging = false;

  constructor(
    private readonly response: ServerResponse,
    private readonly pingIntervalMs: number,
  ) {}

  /** Sends the 200 and the headers at once, before any frame, as Flask streaming does. */
  open(): void {
    this.response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
    this.response.flushHeaders();
  }

  /** True while the client is still there and the response has not ended. */
  get writable(): boolean {
    return !this.response.destroyed && !this.response.writableEnded;
  }

  /**
   * Writes one frame. Frames holding non-ASCII text go out in two writes cut inside a UTF-8 sequence, as a
   * network may deliver them; a client must decode across chunk boundaries.
   */
  send(frame: Record<string, unknown>): void {
    if (!this.writable) return;
    const bytes = Buffer.from(`data: ${JSON.stringify(frame)}\n\n`, 'utf8');
    const cut = cutInsideMultibyte(bytes);
    if (cut > 0) {
      this.response.write(bytes.subarray(0, cut));
      this.response.write(bytes.subarray(cut));
    } else {
      this.response.write(bytes);
    }
    this.schedulePing();
  }

  /** Starts the keep-alive pings (a stalled upstream never calls this). */
  startPings(): void {
    this.pinging = true;
    this.schedulePing();
  }

  /** Ends the response normally after the last frame. */
  end(): void {
    this.stopPings();
    if (this.writable) this.response.end();
  }

  /** Kills the connection mid-stream, as a crashed upstream would. */
  drop(): void {
    this.stopPings();
    this.response.socket?.destroy();
    this.response.destroy();
  }

  stopPings(): void {
    this.pinging = false;
    if (this.pingTimer !== undefined) clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
  }

  private schedulePing(): void {
    if (!this.pinging) return;
    if (this.pingTimer !== undefined) clearTimeout(this.pingTimer);
    this.pingTimer = setTimeout(() => {
      if (!this.writable) return;
      this.response.write('event: ping\n\n');
      this.schedulePing();
    }, this.pingIntervalMs);
  }
}

/** The blocking-mode sink: frames are not sent anywhere. */
export const discardFrames: FrameSink = { send: () => undefined };

/**
 * One Server-Sent-Events response in Dify's framing (dify-api.md §4.3): `data: <compact JSON>\n\n` frames with
 * the event name inside the JSON, `event: ping\n\n` keep-alives without data, no `[DONE]`.
 */
import type { ServerResponse } from 'node:http';

/** A destination for generation frames: an SSE response, a run's channel, or nothing (blocking mode). */
export interface FrameSink {
  send(frame: Record<string, unknown>): void;
}

/**
 * `periodic`: a run's queue listener pings each time another interval has passed since the run started,
 * whether or not frames flow (§4.3). `idle`: the run-events stream pings only while idle (§11.2).
 */
export type PingMode = 'periodic' | 'idle';

/** Where the first multi-byte UTF-8 sequence can be cut in two, or -1 when the text is plain ASCII. */
function cutInsideMultibyte(bytes: Buffer): number {
  const lead = bytes.findIndex((byte) => byte >= 0xc0);
  return lead < 0 ? -1 : lead + 1;
}

export class SseResponse implements FrameSink {
  private pingTimer: NodeJS.Timeout | undefined;
  private pingMode: PingMode | undefined;
  /** Called after every write, so a relay can time its idle close. */
  onWrite: (kind: 'frame' | 'ping') => void = () => undefined;

  constructor(
    private readonly response: ServerResponse,
    private readonly pingIntervalMs: number,
  ) {
    response.once('close', () => this.stopPings());
  }

  /** Sends the 200 and the headers at once, before any frame, as Flask streaming does. */
  open(headers: Readonly<Record<string, string>> = {}): void {
    this.response.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8' });
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
    this.writeFrame(`data: ${JSON.stringify(frame)}\n\n`);
  }

  /** Writes pre-rendered frame text (the run-events stream's Python-spaced frame). */
  writeFrame(text: string): void {
    if (!this.writable) return;
    const bytes = Buffer.from(text, 'utf8');
    const cut = cutInsideMultibyte(bytes);
    if (cut > 0) {
      this.response.write(bytes.subarray(0, cut));
      this.response.write(bytes.subarray(cut));
    } else {
      this.response.write(bytes);
    }
    if (this.pingMode === 'idle') this.schedulePing();
    this.onWrite('frame');
  }

  /** One keep-alive frame. */
  ping(): void {
    if (!this.writable) return;
    this.response.write('event: ping\n\n');
    this.onWrite('ping');
  }

  /** Starts the keep-alive pings (a stalled upstream never calls this). */
  startPings(mode: PingMode = 'periodic'): void {
    this.pingMode = mode;
    this.schedulePing();
  }

  /** Ends the response normally after the last frame. */
  end(): void {
    this.stopPings();
    if (this.writable) this.response.end();
  }

  stopPings(): void {
    this.pingMode = undefined;
    if (this.pingTimer !== undefined) clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
  }

  private schedulePing(): void {
    if (this.pingMode === undefined) return;
    if (this.pingTimer !== undefined) clearTimeout(this.pingTimer);
    this.pingTimer = setTimeout(() => {
      this.pingTimer = undefined;
      if (!this.writable) return;
      this.ping();
      this.schedulePing();
    }, this.pingIntervalMs);
  }
}

/** The blocking-mode sink: frames are not sent anywhere. */
export const discardFrames: FrameSink = { send: () => undefined };

/** Sends every frame to each sink in turn (a run's HTTP response and its channel). */
export function teeSink(...sinks: FrameSink[]): FrameSink {
  return { send: (frame) => sinks.forEach((sink) => sink.send(frame)) };
}

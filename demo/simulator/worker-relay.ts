/**
 * How Dify's API process relays a run that executes in a worker (dify-api.md §4.3): the 200 and one
 * `event: ping` at once, then what the worker publishes; the response ends right after the first terminal
 * event, or once `idleCloseMs` passed without a frame (Dify: `idle_timeout=300`). An `error` frame is not
 * terminal, so a stream that only got one stays open until that idle close.
 */
import type { ServerResponse } from 'node:http';
import { SseResponse, type FrameSink } from './sse.ts';

/** The events after which the relay stops (`workflow_finished`, `workflow_paused`). */
const runTerminalEvents: ReadonlySet<string> = new Set(['workflow_finished', 'workflow_paused']);

export interface RelayOptions {
  pingIntervalMs: number;
  idleCloseMs: number;
  terminalEvents?: ReadonlySet<string>;
  headers?: Readonly<Record<string, string>>;
  /**
   * Whether pings hold the stream open. A run's pings are published by its worker, so they count as frames;
   * the run-events stream pings by itself, which does not (§11.2: it ends after 300 s without a frame).
   */
  pingsCountAsFrames?: boolean;
}

export class WorkerRelay implements FrameSink {
  readonly sse: SseResponse;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly terminal: ReadonlySet<string>;

  constructor(
    response: ServerResponse,
    private readonly options: RelayOptions,
  ) {
    this.sse = new SseResponse(response, options.pingIntervalMs);
    this.terminal = options.terminalEvents ?? runTerminalEvents;
    const pingsCount = options.pingsCountAsFrames ?? true;
    this.sse.onWrite = (kind) => {
      if (kind === 'frame' || pingsCount) this.armIdleClose();
    };
    // A client that leaves ends the relay too: no timer outlives its response.
    response.once('close', () => this.close());
  }

  /** The 200, its headers and the API process's own first ping. */
  open(): void {
    this.sse.open(this.options.headers);
    this.sse.ping();
    this.armIdleClose();
  }

  /** Pings from the worker's queue listener, once the run executes. */
  startWorkerPings(): void {
    if (!this.closed) this.sse.startPings('periodic');
  }

  send(frame: Record<string, unknown>): void {
    if (this.closed) return;
    this.sse.send(frame);
    if (typeof frame['event'] === 'string' && this.terminal.has(frame['event'])) this.close();
  }

  /** Writes pre-rendered frame text, with the same terminal rule. */
  sendText(text: string, event: string): void {
    if (this.closed) return;
    this.sse.writeFrame(text);
    if (this.terminal.has(event)) this.close();
  }

  close(): void {
    this.closed = true;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.sse.end();
  }

  private armIdleClose(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    if (this.closed) return;
    this.idleTimer = setTimeout(() => this.close(), this.options.idleCloseMs);
  }
}

/**
 * A run the worker rejected before it started (missing or invalid inputs, an empty query, bad files, an
 * unknown conversation on ≤ 1.14): the 200 and the first ping, then on main one bare error frame
 * `{"event":"error","message":…,"status":500}` (no code, no envelope), then silence until the idle close.
 * 1.13 and 1.14 publish nothing at all (§4.3 step 5; captures 10, 10b, 16, 52).
 */
export function answerRejectedRun(response: ServerResponse, options: RelayOptions, message: string, publishesError: boolean): void {
  const relay = new WorkerRelay(response, options);
  relay.open();
  if (publishesError) relay.send({ event: 'error', message, status: 500 });
}

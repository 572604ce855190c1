import type { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, RequestListener } from 'node:http';
import type { AppMode } from '../../shared/dify-wire.ts';

/** The Dify app modes the simulator can play: all of them. */
export type { AppMode };

/** One simulated Dify app, reachable with `Authorization: Bearer <key>`. */
export interface SimulatedApp {
  key: string;
  mode: AppMode;
  name?: string;
  /** Give a chat-family app a required input (`name`), so tests can exercise the input form. */
  requiredInputs?: boolean;
  /** Enable speech-to-text and text-to-speech for this app (otherwise both answer Dify's "not enabled" 400). */
  audio?: boolean;
}

/** How the simulator behaves; every field but `apps` has a Dify-like default. */
export interface SimulatorOptions {
  apps: SimulatedApp[];
  /** Pause between streamed chunks of answers; default 40 (demo pace); tests pass 0–5. */
  chunkDelayMs?: number;
  /** Idle time before an `event: ping` frame; default 10 000 as Dify. */
  pingIntervalMs?: number;
  /** Upload size limits in MB (Dify: image 10, other 15). */
  fileSizeLimitsMb?: { image?: number; other?: number };
}

/** What reached "Dify": one entry per request, in arrival order. */
export interface RecordedRequest {
  method: string;
  /** Pathname, e.g. '/v1/chat-messages'. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the multipart summary, or undefined. */
  body: unknown;
  /** The bearer key, when it matched an app. */
  appKey?: string;
  /** The user found in body, query or form field. */
  user?: string;
}

/** Emitted as 'stop' for every stop call; `honoured` is true when it matched the caller's running task. */
export interface StopRecord {
  taskId: string;
  user: string | undefined;
  honoured: boolean;
}

/** Emitted as 'stream-end' once per generation task, saying how its response ended. */
export interface StreamEndRecord {
  taskId: string;
  reason: 'completed' | 'stopped' | 'client-closed' | 'error' | 'dropped' | 'stalled';
}

/**
 * Emitted as 'task-start' when a generation task begins (blocking calls learn their task id only at the end,
 * so tests use this to stop them).
 */
export interface TaskStartRecord {
  taskId: string;
  appKey: string;
  family: 'chat' | 'completion' | 'workflow';
  streaming: boolean;
}

/** A running simulator server. */
export interface Simulator {
  /** Base URL including /v1, e.g. 'http://127.0.0.1:53211/v1'. */
  url: string;
  requests: RecordedRequest[];
  /** Emits 'request' (RecordedRequest), 'stop' (StopRecord), 'stream-end' (StreamEndRecord), 'task-start' (TaskStartRecord). */
  events: EventEmitter;
  /** The number of generations still running (streaming or blocking, whether or not anyone still reads them). */
  generating(): number;
  /** Closes the server and destroys open sockets and timers. */
  close(): Promise<void>;
}

/** The simulator as a bare request listener, for mounting in another server (the proxy's demo mode). */
export interface SimulatorListener {
  listener: RequestListener;
  requests: RecordedRequest[];
  events: EventEmitter;
  generating(): number;
  /** Ends every open stream and clears every timer. */
  dispose(): void;
}

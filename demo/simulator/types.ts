import type { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, RequestListener } from 'node:http';
import type { AppMode, DifyVersion } from '../../shared/dify-wire.ts';
import type { FlowName } from './flows.ts';

/** The Dify app modes the simulator can play (all of them; `agent` only as Dify main), and the releases. */
export type { AppMode, DifyVersion };

/** One simulated Dify app, reachable with `Authorization: Bearer <key>`. */
export interface SimulatedApp {
  key: string;
  mode: AppMode;
  name?: string;
  /** Give a chat-family app a required input (`name`), so tests can exercise the input form. */
  requiredInputs?: boolean;
  /** Add an optional `json_object` input (`settings`) to the app's form (§10.1), checked as Dify does: an object. */
  jsonInput?: boolean;
  /** Add an optional `checkbox` input (`copy`, default false) to the app's form (§10.1): a type the widget renders. */
  checkboxInput?: boolean;
  /** Add a hidden text input (`source`, `hide: true`, default `widget`) to the app's form (§10.1): sent, never shown. */
  hiddenInput?: boolean;
  /**
   * Add a required `file` input (`document`: a document or an image, uploaded or a link) and an optional
   * `file-list` (`pictures`: at most three uploaded images) to the app's form, checked as Dify does (§4.1).
   */
  fileInputs?: boolean;
  /** Turn on `more_like_this` in `/parameters` (completion apps; the service API has no endpoint for it). */
  moreLikeThis?: boolean;
  /** Enable speech-to-text and text-to-speech for this app (otherwise both answer Dify's "not enabled" 400). */
  audio?: boolean;
  /** With `audio`: `text_to_speech.autoPlay` is `enabled` (the widget reads new answers out by itself). */
  autoPlay?: boolean;
  /**
   * The file types a chat message may carry (`file_upload.allowed_file_types`); default `['image']` for chat
   * apps (as Dify's editor saves an image-only app) and none for the others; `[]` turns uploads off.
   */
  fileTypes?: readonly string[];
  /**
   * The graph of an advanced-chat or workflow app (README: "Flows"); default `llm`. The other flows are the
   * apps the 1.13.3 captures were recorded with, so a replay or a conformance run can use the same apps here.
   */
  flow?: FlowName;
  /** The app's own `max_active_requests` (dify-api.md §1.5); 0 or absent: only the simulator-wide cap applies. */
  maxActiveRequests?: number;
  /**
   * `suggested_questions_after_answer.enabled`: off by default, as a new Dify app has it (and `/messages/:id/suggested`
   * then answers 400, §6.4); each answer of an app with it on costs the visitor one more, paid, call.
   */
  followUps?: boolean;
  /** `retriever_resource.enabled` (default true); off, answers carry no `retriever_resources`, as in Dify. */
  citations?: boolean;
  /** `/site` settings that differ from the mode's defaults (§10.4): `chat_color_theme`, `custom_disclaimer`… */
  site?: Record<string, unknown>;
}

/** How the simulator behaves; every field but `apps` has a Dify-like default. */
/** What a new version of an app may change: its form and its graph, not its key or mode. */
export type AppChanges = Partial<Pick<SimulatedApp, 'requiredInputs' | 'flow' | 'name'>>;

export interface SimulatorOptions {
  apps: SimulatedApp[];
  /** Pause between streamed chunks of answers; default 40 (demo pace); tests pass 0–5. */
  chunkDelayMs?: number;
  /** Idle time before an `event: ping` frame; default 10 000 as Dify. */
  pingIntervalMs?: number;
  /** Upload size limits in MB (Dify: image 10, other 15). */
  fileSizeLimitsMb?: { image?: number; other?: number };
  /** Extra time before `/files/upload` answers, for a client's progress and cancel; default 0. */
  uploadDelayMs?: number;
  /** The Dify release to play (dify-api.md §0); default `main`, the newest. */
  dify?: DifyVersion;
  /**
   * How long a chatflow or workflow stream stays open after its last frame when no `workflow_finished` or
   * `workflow_paused` came (Dify's relay: `idle_timeout=300`, §4.3); default 300 000. Tests shorten it.
   */
  workerIdleCloseMs?: number;
  /** `APP_MAX_ACTIVE_REQUESTS`: concurrent generate calls per app (§1.5); default 0, unlimited. */
  maxActiveRequests?: number;
  /** How long a human-input form stays answerable, in seconds (§11.2); default 129 600 (the node's 36 h). */
  humanInputExpirySeconds?: number;
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
  reason: 'completed' | 'stopped' | 'paused' | 'client-closed' | 'error' | 'dropped' | 'stalled';
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

/** Emitted as 'speech' for every `/audio-to-text` call with a file: the part's type and its first bytes (a WAV starts `RIFF....WAVE`). */
export interface SpeechRecord {
  filename: string;
  mimeType: string;
  size: number;
  head: Buffer;
}

/** A running simulator server. */
export interface Simulator {
  /** Base URL including /v1, e.g. 'http://127.0.0.1:53211/v1'. */
  url: string;
  requests: RecordedRequest[];
  /**
   * Emits 'request' (RecordedRequest), 'stop' (StopRecord), 'stream-end' (StreamEndRecord), 'task-start'
   * (TaskStartRecord) and 'speech' (SpeechRecord: what `/audio-to-text` received).
   */
  events: EventEmitter;
  /** The number of generations still running (streaming or blocking, whether or not anyone still reads them). */
  generating(): number;
  /**
   * Publishes a new version of the app keyed `key`, as a site owner does in Dify's editor while visitors
   * are mid-conversation: its next requests meet the changed form or flow.
   */
  republish(key: string, changes: AppChanges): void;
  /** Closes the server and destroys open sockets and timers. */
  close(): Promise<void>;
}

/** The simulator as a bare request listener, for mounting in another server (the proxy's demo mode). */
export interface SimulatorListener {
  listener: RequestListener;
  requests: RecordedRequest[];
  events: EventEmitter;
  generating(): number;
  republish(key: string, changes: AppChanges): void;
  /** Ends every open stream and clears every timer. */
  dispose(): void;
}

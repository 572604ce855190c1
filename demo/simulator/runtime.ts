/** The state one simulator instance shares between its routes, and what each route handler receives. */
import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DifyVersion } from '../../shared/dify-wire.ts';
import type { ActiveRequests } from './concurrency.ts';
import type { SizeLimitsMb } from './fixtures.ts';
import type { FormRegistry } from './human-input.ts';
import type { MultipartBody } from './multipart.ts';
import type { RunRegistry } from './runs.ts';
import type { Pacing } from './scenarios.ts';
import type { EndUser, SimulatorStore } from './store.ts';
import type { TaskRegistry } from './tasks.ts';
import type { RecordedRequest, SimulatedApp } from './types.ts';
import type { VersionBehaviour } from './version.ts';

export interface SimulatorRuntime {
  version: DifyVersion;
  behaviour: VersionBehaviour;
  /** Replaced entry by entry when an app is republished. */
  apps: Map<string, SimulatedApp>;
  store: SimulatorStore;
  tasks: TaskRegistry;
  runs: RunRegistry;
  forms: FormRegistry;
  active: ActiveRequests;
  /** `APP_MAX_ACTIVE_REQUESTS` (0: unlimited). */
  maxActiveRequests: number;
  events: EventEmitter;
  requests: RecordedRequest[];
  pacing: Pacing;
  workerIdleCloseMs: number;
  humanInputExpirySeconds: number;
  limitsMb: SizeLimitsMb;
  uploadDelayMs: number;
  disposeSignal: AbortSignal;
  /** Responses still open, destroyed on dispose. */
  openResponses: Set<ServerResponse>;
}

/** Everything a route handler needs; the dispatcher has already checked auth, user and mode. */
export interface RequestContext {
  runtime: SimulatorRuntime;
  request: IncomingMessage;
  response: ServerResponse;
  app: SimulatedApp;
  /** The `user` string as the caller sent it (undefined when omitted). */
  user: string | undefined;
  /** The end user for (app, user || DEFAULT-USER). */
  endUser: EndUser;
  params: Record<string, string>;
  query: Record<string, string>;
  /** The JSON body when it was an object, else an empty object. */
  body: Record<string, unknown>;
  multipart: MultipartBody | undefined;
}

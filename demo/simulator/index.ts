/**
 * A local stand-in for Dify's Service API (`/v1/...`), faithful on everything the proxy and the widget use:
 * auth, per-user data, SSE framing, scripted scenarios and Dify's errors. Used in-process by the proxy's demo
 * mode and by the tests, and started alone by `npm run simulator`.
 */
import { EventEmitter, setMaxListeners } from 'node:events';
import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { DifyVersion } from '../../shared/dify-wire.ts';
import { ActiveRequests } from './concurrency.ts';
import { dispatch } from './dispatch.ts';
import { FormRegistry } from './human-input.ts';
import { routeTable, publicRouteTable } from './routes/index.ts';
import { RunRegistry } from './runs.ts';
import type { SimulatorRuntime } from './runtime.ts';
import { SimulatorStore } from './store.ts';
import { TaskRegistry } from './tasks.ts';
import type { AppChanges, RecordedRequest, SimulatedApp, Simulator, SimulatorListener, SimulatorOptions } from './types.ts';
import { behaviourOf } from './version.ts';

export { difyVersions, isDifyVersion } from './version.ts';
export { flowNames, isFlowName, type FlowName } from './flows.ts';
export type {
  AppMode,
  DifyVersion,
  RecordedRequest,
  SimulatedApp,
  Simulator,
  SimulatorListener,
  SimulatorOptions,
  SpeechRecord,
  StopRecord,
  StreamEndRecord,
  TaskStartRecord,
} from './types.ts';

/**
 * One app of every mode a release has, with fixed demo keys (simulator-only keys, not Dify secrets): the
 * `agent` mode exists only on main (§2).
 */
/**
 * Chat apps that show one Dify feature each on the demo's "Dify features" page: a knowledge base (citations,
 * follow-up questions) and an app whose WebApp settings (`/site`) set a colour, a description, a
 * disclaimer, a copyright and a privacy policy.
 */
const featureDemoApps: readonly SimulatedApp[] = [
  {
    key: 'app-demo-knowledge',
    mode: 'chat',
    name: 'Demo Knowledge Base',
    followUps: true,
    site: { description: 'Answers from the product handbook, with the passages it used.' },
  },
  {
    key: 'app-demo-branded',
    mode: 'chat',
    name: 'Demo Branded App',
    site: {
      chat_color_theme: '#7c3aed',
      description: 'Answers about opening hours, from the owner’s saved replies.',
      custom_disclaimer: 'Answers may be wrong; check important facts.',
      copyright: 'Demo Company',
      privacy_policy: 'https://example.com/privacy',
      use_icon_as_answer_icon: true,
    },
  },
];

export function defaultSimulatedAppsFor(version: DifyVersion): readonly SimulatedApp[] {
  const apps: SimulatedApp[] = [
    { key: 'app-demo-chat', mode: 'chat', audio: true, followUps: true },
    { key: 'app-demo-agent', mode: 'agent-chat' },
    { key: 'app-demo-chatflow', mode: 'advanced-chat' },
    { key: 'app-demo-completion', mode: 'completion', moreLikeThis: true },
    { key: 'app-demo-workflow', mode: 'workflow', jsonInput: true },
  ];
  if (behaviourOf(version).agentMode) apps.push({ key: 'app-demo-agent-runtime', mode: 'agent' });
  apps.push(...featureDemoApps);
  return apps;
}

/** The default apps of the default release (main). */
export const defaultSimulatedApps: readonly SimulatedApp[] = defaultSimulatedAppsFor('main');

/**
 * An app of a mode the release does not have would be a Dify that cannot exist: refuse it at start rather
 * than answer for it (Dify ≤ 1.14 has no `agent` mode, §2).
 */
function assertModesExist(apps: readonly SimulatedApp[], version: DifyVersion): void {
  const foreign = apps.filter((app) => app.mode === 'agent' && !behaviourOf(version).agentMode);
  if (foreign.length === 0) return;
  const keys = foreign.map((app) => app.key).join(', ');
  throw new Error(`The "agent" app mode exists only on Dify main (≥ 2026-06-02), not on ${version}: remove ${keys} or play --dify main.`);
}

/** The simulator as a request listener, for mounting in another HTTP server. */
export function createSimulatorListener(options: SimulatorOptions): SimulatorListener {
  const version = options.dify ?? 'main';
  assertModesExist(options.apps, version);
  const behaviour = behaviourOf(version);
  const disposal = new AbortController();
  // Every running task listens for disposal, and tests attach listeners per stream: many are expected.
  setMaxListeners(0, disposal.signal);
  const requests: RecordedRequest[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const runtime: SimulatorRuntime = {
    version,
    behaviour,
    apps: new Map(options.apps.map((app) => [app.key, app])),
    store: new SimulatorStore(),
    tasks: new TaskRegistry(),
    runs: new RunRegistry(),
    forms: new FormRegistry(),
    active: new ActiveRequests(),
    maxActiveRequests: options.maxActiveRequests ?? 0,
    events,
    requests,
    pacing: { chunkDelayMs: options.chunkDelayMs ?? 40, pingIntervalMs: options.pingIntervalMs ?? 10_000 },
    workerIdleCloseMs: options.workerIdleCloseMs ?? 300_000,
    humanInputExpirySeconds: options.humanInputExpirySeconds ?? 129_600,
    limitsMb: { image: options.fileSizeLimitsMb?.image ?? 10, other: options.fileSizeLimitsMb?.other ?? 15 },
    uploadDelayMs: options.uploadDelayMs ?? 0,
    disposeSignal: disposal.signal,
    openResponses: new Set<ServerResponse>(),
  };
  const routes = routeTable(behaviour);
  const publicRoutes = publicRouteTable();
  const listener: RequestListener = (request, response) => {
    if (disposal.signal.aborted) {
      response.destroy();
      return;
    }
    // A client that goes away while its body is still being read rejects the read; nothing is left to answer.
    dispatch(runtime, routes, publicRoutes, request, response).catch(() => response.destroy());
  };
  const dispose = (): void => {
    disposal.abort();
    for (const response of runtime.openResponses) {
      response.socket?.destroy();
      response.destroy();
    }
    runtime.openResponses.clear();
  };
  const republish = (key: string, changes: AppChanges): void => {
    const app = runtime.apps.get(key);
    if (app === undefined) throw new Error(`No simulated app has the key ${key}.`);
    runtime.apps.set(key, { ...app, ...changes });
  };
  return { listener, requests, events, generating: () => runtime.tasks.size, republish, dispose };
}

/** Starts the simulator on its own HTTP server (port 0 and 127.0.0.1 by default). */
export async function startSimulator(options: SimulatorOptions & { port?: number; host?: string }): Promise<Simulator> {
  const { listener, requests, events, generating, republish, dispose } = createSimulatorListener(options);
  const server = createServer(listener);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      dispose();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };
  return { url: `http://${urlHost}:${port}/v1`, requests, events, generating, republish, close };
}

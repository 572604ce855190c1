/**
 * A local stand-in for Dify's Service API (`/v1/...`), faithful on everything the proxy and the widget use:
 * auth, per-user data, SSE framing, scripted scenarios and Dify's errors. Used in-process by the proxy's demo
 * mode and by the tests, and started alone by `npm run simulator`.
 */
import { EventEmitter, setMaxListeners } from 'node:events';
import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { dispatch } from './dispatch.ts';
import { routeTable, publicRouteTable } from './routes/index.ts';
import type { SimulatorRuntime } from './runtime.ts';
import { SimulatorStore } from './store.ts';
import { TaskRegistry } from './tasks.ts';
import type { RecordedRequest, SimulatedApp, Simulator, SimulatorListener, SimulatorOptions } from './types.ts';

export type {
  AppMode,
  RecordedRequest,
  SimulatedApp,
  Simulator,
  SimulatorListener,
  SimulatorOptions,
  StopRecord,
  StreamEndRecord,
  TaskStartRecord,
} from './types.ts';

/** One app of every mode, with fixed demo keys (simulator-only keys, not Dify secrets). */
export const defaultSimulatedApps: readonly SimulatedApp[] = [
  { key: 'app-demo-chat', mode: 'chat', audio: true },
  { key: 'app-demo-agent', mode: 'agent-chat' },
  { key: 'app-demo-chatflow', mode: 'advanced-chat' },
  { key: 'app-demo-completion', mode: 'completion' },
  { key: 'app-demo-workflow', mode: 'workflow' },
];

/** The simulator as a request listener, for mounting in another HTTP server. */
export function createSimulatorListener(options: SimulatorOptions): SimulatorListener {
  const disposal = new AbortController();
  // Every running task listens for disposal, and tests attach listeners per stream: many are expected.
  setMaxListeners(0, disposal.signal);
  const requests: RecordedRequest[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const runtime: SimulatorRuntime = {
    apps: new Map(options.apps.map((app) => [app.key, app])),
    store: new SimulatorStore(),
    tasks: new TaskRegistry(),
    events,
    requests,
    pacing: { chunkDelayMs: options.chunkDelayMs ?? 40, pingIntervalMs: options.pingIntervalMs ?? 10_000 },
    limitsMb: { image: options.fileSizeLimitsMb?.image ?? 10, other: options.fileSizeLimitsMb?.other ?? 15 },
    disposeSignal: disposal.signal,
    openResponses: new Set<ServerResponse>(),
  };
  const routes = routeTable();
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
  return { listener, requests, events, generating: () => runtime.tasks.size, dispose };
}

/** Starts the simulator on its own HTTP server (port 0 and 127.0.0.1 by default). */
export async function startSimulator(options: SimulatorOptions & { port?: number; host?: string }): Promise<Simulator> {
  const { listener, requests, events, generating, dispose } = createSimulatorListener(options);
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
  return { url: `http://${urlHost}:${port}/v1`, requests, events, generating, close };
}

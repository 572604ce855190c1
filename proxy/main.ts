import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { Router } from 'express';
import { createApp, type ProxyApp } from './app.ts';
import { readConfigSource, resolveConfig, type Config } from './config.ts';

/** Proxy app ids of the demo, one per simulated mode; `chat` is also the default app at /v1. */
const demoApps = [
  { id: 'chat', mode: 'chat' },
  { id: 'agent', mode: 'agent-chat' },
  { id: 'chatflow', mode: 'advanced-chat' },
  { id: 'completion', mode: 'completion' },
  { id: 'workflow', mode: 'workflow' },
] as const;

const shutdownGraceMs = 10_000;

function exitWithProblems(problems: readonly string[]): never {
  process.stderr.write(`dify-widget proxy: the configuration has ${problems.length} problem(s):\n- ${problems.join('\n- ')}\n`);
  process.exit(1);
}

interface Demo {
  readonly config: Config;
  readonly siteRouter: Router;
  readonly simulatorUrl: string;
  close(): Promise<void>;
}

/** Demo mode: the simulator in-process on a loopback port, one proxy app per mode, the demo site at `/`. */
async function startDemo(input: Record<string, unknown>, describe: (path: string) => string, configured: Config): Promise<Demo> {
  const [{ startSimulator, defaultSimulatedApps }, { createDemoSiteRouter }] = await Promise.all([
    import('../demo/simulator/index.ts'),
    import('../demo/site/router.ts'),
  ]);
  const keys = new Map(demoApps.map((app) => [app.id, `app-demo-${app.id}-${randomBytes(12).toString('hex')}`]));
  const simulator = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    apps: demoApps.map((app) => ({
      ...defaultSimulatedApps.find((simulated) => simulated.mode === app.mode),
      key: keys.get(app.id) ?? '',
      mode: app.mode,
    })),
  });
  const identitySecret = configured.identitySecret ?? randomBytes(32).toString('hex');
  const resolved = resolveConfig(
    {
      ...input,
      identitySecret,
      apps: demoApps.map((app) => ({ id: app.id, apiKey: keys.get(app.id), apiUrl: simulator.url, mode: app.mode, default: app.id === 'chat' })),
    },
    describe,
  );
  if (!resolved.ok) {
    await simulator.close();
    exitWithProblems(resolved.problems);
  }
  return { config: resolved.config, siteRouter: createDemoSiteRouter({ identitySecret }), simulatorUrl: simulator.url, close: () => simulator.close() };
}

function listen(app: ProxyApp, config: Config): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(config.port, config.host);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      const hint = error.code === 'EADDRINUSE' ? `port ${config.port} is in use; set PORT to a free port` : error.message;
      app.logger.fatal({ code: error.code }, `cannot listen on ${config.host}:${config.port}: ${hint}`);
      process.exit(1);
    });
  });
}

/**
 * Graceful shutdown: stop accepting connections, end every open stream with an error event (upstream
 * aborted, Dify's task stopped), then close what is left and exit.
 */
function handleSignals(app: ProxyApp, server: Server, cleanup: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      app.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    app.logger.info({ signal, openStreams: app.activeStreams() }, 'shutting down');
    const forced = setTimeout(() => {
      app.logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, shutdownGraceMs);
    forced.unref();
    server.close();
    server.closeIdleConnections();
    void app
      .drain()
      .then(async () => {
        server.closeAllConnections();
        await cleanup();
        app.logger.info('stopped');
        process.exit(0);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** The process entry: load and validate config, start demo mode if needed, listen, shut down gracefully. */
async function main(): Promise<void> {
  const read = readConfigSource({ environment: process.env, argv: process.argv.slice(2) });
  if (!read.ok) exitWithProblems(read.problems);
  const checked = resolveConfig(read.source.input, read.source.describe);
  if (!checked.ok) exitWithProblems(checked.problems);
  const demo = checked.config.demo ? await startDemo(read.source.input, read.source.describe, checked.config) : undefined;
  const config = demo?.config ?? checked.config;
  const app = createApp(config, demo === undefined ? {} : { siteRouter: demo.siteRouter });
  for (const warning of config.warnings) app.logger.warn(warning);
  const server = await listen(app, config);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  if (demo !== undefined) {
    app.logger.warn(
      { simulator: demo.simulatorUrl, apps: demoApps.map((app) => app.id) },
      `DEMO MODE: DIFY_API_KEY is not set, so every answer is SIMULATED by the built-in Dify simulator, not a real model. Open ${url}/ for the demo page; set DIFY_API_KEY to use your own Dify app.`,
    );
  }
  app.logger.info({ url, apps: config.apps.map((app) => app.id), defaultApp: config.defaultAppId }, `listening on ${url}`);
  handleSignals(app, server, async () => {
    await demo?.close();
  });
}

void main();

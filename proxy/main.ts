import type { Server } from 'node:http';
import type { Demo } from '../demo/start.ts';
import { createApp, type ProxyApp } from './app.ts';
import { readConfigSource, resolveConfig, variableName, type Config, type ConfigSource } from './config.ts';

const shutdownGraceMs = 10_000;

function exitWithProblems(problems: readonly string[]): never {
  process.stderr.write(`dify-widget proxy: the configuration has ${problems.length} problem(s):\n- ${problems.join('\n- ')}\n`);
  process.exit(1);
}

/** Loaded only in demo mode, so that a real deployment never loads the simulator. */
async function startDemo(source: ConfigSource, configured: Config): Promise<Demo> {
  const { startDemo: start } = await import('../demo/start.ts');
  const started = await start(source, configured);
  if (!started.ok) exitWithProblems(started.problems);
  return started.demo;
}

function listen(app: ProxyApp, config: Config): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(config.port, config.host);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE' ? `port ${config.port} is in use; set ${variableName('port')} to a free port` : error.message;
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
    void app.drain().then(async () => {
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
  const demo = checked.config.demo ? await startDemo(read.source, checked.config) : undefined;
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
      { simulator: demo.simulatorUrl, apps: config.apps.map((app) => app.id) },
      `DEMO MODE: ${variableName('apiKey')} is not set, so every answer is SIMULATED by the built-in Dify simulator, not a real model. Open ${url}/ for the demo page; set ${variableName('apiKey')} to use your own Dify app.`,
    );
  }
  // Where limits live, never the Redis URL (it may hold a password).
  const limits = config.redisUrl === undefined ? 'memory (this instance only)' : 'redis (shared by every instance)';
  app.logger.info({ url, apps: config.apps.map((app) => app.id), defaultApp: config.defaultAppId, limits }, `listening on ${url}`);
  handleSignals(app, server, async () => {
    await app.closeSharedState();
    await demo?.close();
  });
}

void main();

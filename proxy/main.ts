import type { Server } from 'node:http';
import path from 'node:path';
import type { Demo } from '../demo/start.ts';
import { createApp, type ProxyApp } from './app.ts';
import { createProxyServer } from './http/connections.ts';
import { keptSessionSecret } from './state-secret.ts';
import { everyVariable, readConfigSource, resolveConfig, variableName, type Config, type ConfigSource } from './config.ts';

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
    const server = createProxyServer(app, config.connections, app.logger);
    server.listen(config.port, config.host);
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

/** Where the proxy keeps what must survive a restart on this machine (`STATE_DIR`, default `./.dify-widget`). */
const stateDirectory = () => path.resolve(process.env['STATE_DIR'] ?? '.dify-widget');

/** Outside production and without SESSION_SECRET, the session secret kept on disk, so restarts keep visitors signed in. */
function keepSessionSecret(input: Record<string, unknown>): { input: Record<string, unknown>; note?: { file: string; message: string } } {
  if (input['sessionSecret'] !== undefined || input['production'] === true) return { input };
  const kept = keptSessionSecret(stateDirectory());
  const message = kept.created
    ? `${variableName('sessionSecret')} is unset: made one and kept it in ${kept.file} (mode 0600), so visitor sessions survive restarts; production must set ${variableName('sessionSecret')}`
    : `${variableName('sessionSecret')} is unset: using the one kept in ${kept.file}`;
  return { input: { ...input, sessionSecret: kept.secret }, note: { file: kept.file, message } };
}

const usage = () =>
  [
    'Usage: dify-widget [--config proxy.json] [--port 8787] [--help]',
    '',
    'Runs the dify-widget proxy: the widget files, visitor sessions and the Dify API of your app,',
    'with its key kept on this server. Without DIFY_API_KEY (and no --config) it runs in demo mode',
    'against a built-in Dify simulator. Settings come from these environment variables:',
    '',
    ...everyVariable().map(({ name, field }) => `  ${name.padEnd(32)} ${field}`),
    '  STATE_DIR                        where a development proxy keeps its session secret',
    '',
    'Every variable, its default and what it does: the README, section "Configuration".',
  ].join('\n');

/** `--help` prints the usage and exits; `--port N` is `PORT=N`. The rest is read with the environment. */
function commandLine(argv: readonly string[], environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage()}\n`);
    process.exit(0);
  }
  const index = argv.indexOf('--port');
  const port = index >= 0 ? argv[index + 1] : argv.find((argument) => argument.startsWith('--port='))?.slice('--port='.length);
  return port === undefined ? environment : { ...environment, PORT: port };
}

/** The process entry: load and validate config, start demo mode if needed, listen, shut down gracefully. */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const read = readConfigSource({ environment: commandLine(argv, process.env), argv });
  if (!read.ok) exitWithProblems(read.problems);
  const kept = keepSessionSecret(read.source.input);
  const source: ConfigSource = { ...read.source, input: kept.input };
  const checked = resolveConfig(source.input, source.describe);
  if (!checked.ok) exitWithProblems(checked.problems);
  const demo = checked.config.demo ? await startDemo(source, checked.config) : undefined;
  const config = demo?.config ?? checked.config;
  const app = createApp(config, demo === undefined ? {} : { siteRouter: demo.siteRouter });
  for (const warning of config.warnings) app.logger.warn(warning);
  if (kept.note !== undefined) app.logger.info({ file: kept.note.file }, kept.note.message);
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
  void app.diagnose().then((problems) => {
    for (const problem of problems) app.logger.error(problem);
    if (problems.length === 0) app.logger.info(`every app's key works with Dify (${config.apps.length} checked)`);
  });
  handleSignals(app, server, async () => {
    await app.closeSharedState();
    await demo?.close();
  });
}

void main();

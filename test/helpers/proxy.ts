import { createApp, type AppDependencies, type ProxyApp } from '../../proxy/app.ts';
import { defineConfig, type Config } from '../../proxy/config.ts';
import { createProxyServer } from '../../proxy/http/connections.ts';
import { listen } from './listen.ts';
import { createLogCapture, type LogCapture } from './log-capture.ts';

/** A canary key: if it ever shows up in a response or a log line, the key leaked. */
export const canaryKey = 'app-CANARY-5d1e0c7a9b3f4e21';
export const testSessionSecret = 'test-session-secret-0123456789abcdef';
export const testIdentitySecret = 'test-identity-secret-0123456789abcdef';
/** The browser origin tests call from. */
export const testOrigin = 'http://site.test';

export interface RunningProxy {
  readonly url: string;
  readonly config: Config;
  readonly app: ProxyApp;
  readonly logs: LogCapture;
  close(): Promise<void>;
}

/** Waits until /readyz answers 200: with Redis, the instance refuses everything until it has connected. */
async function untilReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await fetch(`${url}/readyz`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${url}/readyz did not become ready`);
}

/** Starts the proxy app for a config on an ephemeral loopback port, with its logs captured. */
export async function startProxy(config: Config, dependencies: Omit<AppDependencies, 'logDestination'> = {}): Promise<RunningProxy> {
  const logs = createLogCapture();
  const app = createApp(config, { ...dependencies, logDestination: logs });
  // The server main.ts builds, connection limits included, so every proxy test runs behind them.
  const listening = await listen(createProxyServer(app, config.connections, app.logger));
  if (config.redisUrl !== undefined) await untilReady(listening.url);
  return {
    url: listening.url,
    config,
    app,
    logs,
    async close() {
      await listening.close();
      await app.closeSharedState();
    },
  };
}

/** A one-app config pointing at `apiUrl`, with test secrets and origins; `overrides` are merged on top. */
export function testConfig(apiUrl: string, overrides: Record<string, unknown> = {}): Config {
  return defineConfig({
    sessionSecret: testSessionSecret,
    identitySecret: testIdentitySecret,
    allowedOrigins: [testOrigin],
    apps: [{ id: 'main', apiKey: canaryKey, apiUrl, mode: 'chat' }],
    ...overrides,
  });
}

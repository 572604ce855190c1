/** Our proxy, started in-process in front of the Dify under test, with the same app keys. */
import { randomBytes } from 'node:crypto';
import type { AppMode } from '../../shared/dify-wire.ts';
import { createApp } from '../../proxy/app.ts';
import { defineConfig } from '../../proxy/config.ts';
import { listen } from '../helpers/listen.ts';
import { createLogCapture } from '../helpers/log-capture.ts';

export interface ProxiedApp {
  /** The proxy's app id: the widget calls `/apps/<id>/v1/…`. */
  readonly id: string;
  readonly key: string;
  readonly mode: AppMode;
}

export interface SuiteProxy {
  /** e.g. `http://127.0.0.1:40123` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Listens on an ephemeral loopback port with the proxy's default limits and timeouts (what a site owner
 * runs), so the checks through it see what a visitor would. Its log lines are kept in memory, not printed.
 */
export async function startSuiteProxy(apiUrl: string, apps: readonly ProxiedApp[]): Promise<SuiteProxy> {
  const config = defineConfig({
    sessionSecret: randomBytes(32).toString('hex'),
    apiUrl,
    apps: apps.map((app) => ({ id: app.id, apiKey: app.key, mode: app.mode })),
  });
  const app = createApp(config, { logDestination: createLogCapture() });
  const listening = await listen(app);
  return { url: listening.url, close: () => listening.close() };
}

/**
 * The proxy as a library (`dify-widget/proxy`): for a site owner who already runs a Node server and wants
 * the chat under a path of it rather than as its own process.
 *
 *   import express from 'express';
 *   import { createDifyWidgetProxy } from 'dify-widget/proxy';
 *   const site = express();
 *   site.use('/chat', createDifyWidgetProxy({ sessionSecret, allowedOrigins: ['https://www.example.com'],
 *     apps: [{ id: 'support', apiKey: process.env.DIFY_API_KEY, mode: 'chat' }] }));
 *   // and on the page: <script src="https://www.example.com/chat/widget.js" defer></script>
 *
 * The options are the JSON config file's keys plus the secrets (`sessionSecret`, `identitySecret`),
 * validated the same way: an invalid option throws one error listing every problem.
 */
import { createApp, type AppDependencies, type ProxyApp } from './app.ts';
import { defineConfig } from './config.ts';

export type { ProxyApp };

/** Everything `createDifyWidgetProxy` accepts; see the README's configuration section for each key. */
export type DifyWidgetProxyOptions = Record<string, unknown> & { readonly apps: readonly Record<string, unknown>[] };

/**
 * The proxy's routes as one Express app, to mount with `app.use(path, proxy)`: widget files, `/session`,
 * health and the Dify-compatible API, with the same validation, limits and logging as `npx dify-widget`.
 */
export function createDifyWidgetProxy(options: DifyWidgetProxyOptions, dependencies: Omit<AppDependencies, 'siteRouter'> = {}): ProxyApp {
  const config = defineConfig({ production: process.env['NODE_ENV'] === 'production', ...options });
  const app = createApp(config, dependencies);
  for (const warning of config.warnings) app.logger.warn(warning);
  return app;
}

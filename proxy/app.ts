import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { DestinationStream } from 'pino';
import { variableName, type Config } from './config.ts';
import { ProxyError } from './errors.ts';
import type { GenerationRun } from './http/generation.ts';
import { createLogger, type Logger } from './logger.ts';
import { corsByOrigin } from './middleware/cors.ts';
import { diagnoseApp } from './upstream/startup-check.ts';
import { errorHandler, notFound } from './middleware/errors.ts';
import { clientAddressKey, forwardingCheck, requestLimit } from './middleware/limits.ts';
import { requestLog } from './middleware/request-log.ts';
import { apiRouter } from './routes/api.ts';
import { healthRouter } from './routes/health.ts';
import { metricsRouter, operatorCaller } from './routes/metrics.ts';
import { createMetrics } from './metrics.ts';
import { sessionRouter } from './routes/session.ts';
import { widgetRouter } from './routes/widget.ts';
import { createSessions } from './session.ts';
import { createSharedState } from './state/shared-state.ts';
import { createDifyClient } from './upstream/dify.ts';
import { createModeResolver } from './upstream/mode.ts';

export interface AppDependencies {
  /** Where JSON log lines go (stdout by default); tests pass a capturing stream. */
  readonly logDestination?: DestinationStream;
  /** The fetch used for Dify (global fetch by default); tests may wrap it to record bytes. */
  readonly fetch?: typeof fetch;
  /** Mounted at `/` after everything else (the demo site in demo mode). */
  readonly siteRouter?: Router;
}

/** The Express app plus what the process entry needs for a graceful shutdown. */
export type ProxyApp = Express & {
  readonly logger: Logger;
  /** Number of generations currently running through the proxy. */
  activeStreams(): number;
  /**
   * Marks the proxy not ready and ends every running generation with an error (upstream aborted, Dify's
   * task stopped); resolves when those stop calls are done.
   */
  drain(): Promise<void>;
  /** Asks Dify about every app once with its key; each problem is one sentence the operator can act on. */
  diagnose(): Promise<string[]>;
  /** Closes the connection to the shared state (Redis), after `drain`. */
  closeSharedState(): Promise<void>;
};

/** Every secret the logger must never print. */
function secretsOf(config: Config): string[] {
  const secrets = config.apps.map((app) => app.apiKey);
  secrets.push(config.sessionSecret);
  if (config.identitySecret !== undefined) secrets.push(config.identitySecret);
  if (config.metricsToken !== undefined) secrets.push(config.metricsToken);
  if (config.redisUrl !== undefined) {
    const url = new URL(config.redisUrl);
    secrets.push(config.redisUrl, decodeURIComponent(url.password), url.password);
  }
  return secrets;
}

/**
 * Builds the proxy: widget files, health, `POST /session`, and the Dify-compatible API of every app.
 * It never listens; `proxy/main.ts` does.
 */
export function createApp(config: Config, dependencies: AppDependencies = {}): ProxyApp {
  const logger = createLogger({
    secrets: secretsOf(config),
    ...(dependencies.logDestination === undefined ? {} : { destination: dependencies.logDestination }),
  });
  const shared = createSharedState(config, logger);
  const sessions = createSessions({
    secret: config.sessionSecret,
    ttlSeconds: config.session.ttlSeconds,
    renewalWindowSeconds: config.session.renewalWindowSeconds,
    identitySecret: config.identitySecret,
  });
  const runs = new Set<GenerationRun>();
  const background = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    background.add(work);
    void work.catch(() => undefined).finally(() => background.delete(work));
  };
  let draining = false;

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const metrics = createMetrics({ openStreams: () => runs.size, sharedStateProblem: () => shared.problem() });
  app.use(requestLog(logger, `log-pseudonym:${config.sessionSecret}`, (line) => metrics.record(line)));
  app.use(forwardingCheck(config.trustProxy, logger));
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(widgetRouter(config.widgetDirectory));
  app.use(metricsRouter(metrics, config.metricsToken));

  const clients = config.apps.map((appConfig) => createDifyClient(appConfig, logger, dependencies.fetch));
  app.use(
    healthRouter({
      clients,
      isDraining: () => draining,
      sharedStateProblem: shared.problem,
      checkTimeoutMs: Math.min(config.timeouts.headersMs, 5000),
      logger,
      maySeeDetail: operatorCaller(config.metricsToken),
    }),
  );

  const everyOrigin = [...new Set(config.apps.flatMap((appConfig) => appConfig.allowedOrigins))];
  app.use(
    sessionRouter({
      sessions,
      identitySecret: config.identitySecret,
      appIds: config.apps.map((appConfig) => appConfig.id),
      defaultAppId: config.defaultAppId,
      originsOf: (appId) => config.apps.find((appConfig) => appConfig.id === appId)?.allowedOrigins ?? [],
      guards: [
        corsByOrigin(everyOrigin, variableName('allowedOrigins'), logger),
        requestLimit({
          name: 'session',
          windowMs: config.session.mintWindowMs,
          limit: config.session.mintPerIp,
          key: clientAddressKey,
          code: 'too_many_sessions',
          describe: 'Too many chat sessions were started from your network.',
          logger,
          store: shared.counters('session'),
        }),
      ],
    }),
  );

  config.apps.forEach((appConfig, index) => {
    const client = clients[index];
    if (client === undefined) return;
    const router = apiRouter({
      app: appConfig,
      client,
      resolveMode: createModeResolver(appConfig, client, config.timeouts.headersMs),
      sessions,
      slots: shared.slots,
      counters: shared.counters,
      timeouts: config.timeouts,
      runs,
      receipts: shared.receipts,
      budgets: shared.budgets,
      tokensPerDayAllApps: config.tokensPerDayAllApps,
      track,
      logger,
    });
    app.use(`/apps/${appConfig.id}/v1`, router);
    if (appConfig.id === config.defaultAppId) app.use('/v1', router);
  });
  app.use('/apps/:appId', (req, _res, next) => {
    next(
      new ProxyError(
        404,
        'app_not_found',
        `No app '${req.params['appId'] ?? ''}' is configured on this proxy; check the widget's app option.`,
      ),
    );
  });
  if (config.defaultAppId === undefined) {
    app.use('/v1', (_req, _res, next) => {
      next(new ProxyError(404, 'no_default_app', 'Several apps are configured and none is the default; call /apps/<app id>/v1 instead.'));
    });
  }
  if (dependencies.siteRouter !== undefined) app.use(dependencies.siteRouter);
  app.use(notFound);
  app.use(errorHandler);

  return Object.assign(app, {
    logger,
    activeStreams: () => runs.size,
    async drain() {
      draining = true;
      for (const run of runs) run.terminate();
      await Promise.allSettled(background);
    },
    async diagnose() {
      const timeoutMs = Math.min(config.timeouts.headersMs, 10_000);
      const found = await Promise.all(
        config.apps.map((appConfig, index) => {
          const client = clients[index];
          return client === undefined ? undefined : diagnoseApp(appConfig, client, timeoutMs);
        }),
      );
      return found.filter((problem) => problem !== undefined);
    },
    closeSharedState: () => shared.close(),
  });
}

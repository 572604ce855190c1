import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import { startSimulator, type AppMode, type FlowName, type Simulator, type SimulatorOptions } from '../../demo/simulator/index.ts';
import type { ProxyApp } from '../../proxy/app.ts';
import { defineConfig, type Config } from '../../proxy/config.ts';
import type { LogCapture } from './log-capture.ts';
import { startProxy, testIdentitySecret, testOrigin, testSessionSecret, type RunningProxy } from './proxy.ts';

/** One app of the stack: simulated in the simulator and configured in the proxy under `id`. */
export interface StackApp {
  readonly id: string;
  readonly mode: AppMode;
  readonly default?: boolean;
  /** Simulator: give a chat-family app a required `name` input. */
  readonly requiredInputs?: boolean;
  /** Simulator: the graph a chatflow or workflow app runs (`greeting` asks for a required `name`). */
  readonly flow?: FlowName;
  /** Simulator: enable speech-to-text and text-to-speech. */
  readonly audio?: boolean;
  /** Simulator: add an optional `json_object` input (`settings`). */
  readonly jsonInput?: boolean;
  /** Simulator: add a required `file` input (`document`) and an optional `file-list` (`pictures`). */
  readonly fileInputs?: boolean;
  /** Simulator: turn on `more_like_this`. */
  readonly moreLikeThis?: boolean;
  /** Simulator: with `audio`, `text_to_speech.autoPlay` is `enabled`. */
  readonly autoPlay?: boolean;
  /** Simulator: the file types a message may carry (default images for chat apps; `[]` turns uploads off). */
  readonly fileTypes?: readonly string[];
  /** Simulator: `suggested_questions_after_answer` (default off), `retriever_resource` (default on), `/site` overrides. */
  readonly followUps?: boolean;
  readonly citations?: boolean;
  readonly site?: Record<string, unknown>;
  /** Proxy settings for this app (`inputs`, `visitorInputs`, `limits`, `allowedOrigins`, `remoteFileUrls`). */
  readonly proxy?: Record<string, unknown>;
  /** The simulator does not know this app's key, so Dify answers 401 (a revoked or mistyped key). */
  readonly keyRejected?: boolean;
}

export interface StackOptions {
  /** Default: one chat app with id `chat`. */
  readonly apps?: readonly StackApp[];
  /** Proxy limits for every app (`requestsPerIp`, `streamsPerVisitor`, `maxQueryChars`, …). */
  readonly limits?: Record<string, unknown>;
  /** Proxy upstream timeouts in ms (`idleTimeoutMs`, `heartbeatMs`, …). */
  readonly timeouts?: Record<string, unknown>;
  /** What clients may hold open (`maxConnections`, `connectionsPerIp`, `headersTimeoutMs`, `bodyIdleTimeoutMs`). */
  readonly connections?: Record<string, unknown>;
  /** Session settings (`mintPerIp`, `ttlSeconds`, …). */
  readonly session?: Record<string, unknown>;
  /** TOKENS_PER_DAY_ALL_APPS: the daily token budget of every app together. */
  readonly tokensPerDayAllApps?: number;
  /** METRICS_TOKEN: /metrics then needs it as a bearer token. */
  readonly metricsToken?: string;
  /** Default: [testOrigin]. */
  readonly allowedOrigins?: readonly string[];
  /** Default: testIdentitySecret; pass null to run without verified identities. */
  readonly identitySecret?: string | null;
  readonly widgetDirectory?: string;
  /** Express `trust proxy` (hop count), as TRUST_PROXY sets it. */
  readonly trustProxy?: number;
  /** Simulator pacing; defaults are fast (chunkDelayMs 2, pingIntervalMs 200). */
  readonly simulator?: Partial<Omit<SimulatorOptions, 'apps'>>;
  /** Wraps the fetch the proxy uses for Dify (to record upstream bytes). */
  readonly fetch?: typeof fetch;
  readonly siteRouter?: Router;
  /** REDIS_URL of every proxy instance. */
  readonly redisUrl?: string;
  /** Proxy instances sharing the simulator (and the Redis of `redisUrl`); default 1. */
  readonly instances?: number;
}

export interface Stack {
  readonly urls: {
    /** The proxy's origin, e.g. `http://127.0.0.1:40123`. */
    readonly proxy: string;
    /** The simulator's base URL including `/v1`. */
    readonly simulator: string;
  };
  readonly config: Config;
  readonly simulator: Simulator;
  readonly app: ProxyApp;
  /** Every log line the proxy wrote. */
  readonly logs: LogCapture;
  /** The secret key of each app id (canaries: they must never leave the proxy). */
  readonly keys: Readonly<Record<string, string>>;
  /** Every proxy instance, the first being the one of `urls.proxy`, `app` and `logs`. */
  readonly instances: readonly RunningProxy[];
  close(): Promise<void>;
}

/**
 * Starts the Dify simulator and the proxy in front of it, both on ephemeral loopback ports. Every app key
 * is a canary (`app-CANARY-…`) so tests can search responses and logs for it.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const apps = options.apps ?? [{ id: 'chat', mode: 'chat' }];
  const keys: Record<string, string> = {};
  for (const app of apps) keys[app.id] = `app-CANARY-${app.id}-${randomBytes(8).toString('hex')}`;
  const simulator = await startSimulator({
    chunkDelayMs: 2,
    pingIntervalMs: 200,
    ...options.simulator,
    apps: apps
      .filter((app) => app.keyRejected !== true)
      .map((app) => ({
        key: keys[app.id] ?? '',
        mode: app.mode,
        ...(app.requiredInputs === undefined ? {} : { requiredInputs: app.requiredInputs }),
        ...(app.audio === undefined ? {} : { audio: app.audio }),
        ...(app.autoPlay === undefined ? {} : { autoPlay: app.autoPlay }),
        ...(app.fileTypes === undefined ? {} : { fileTypes: app.fileTypes }),
        ...(app.flow === undefined ? {} : { flow: app.flow }),
        ...(app.jsonInput === undefined ? {} : { jsonInput: app.jsonInput }),
        ...(app.fileInputs === undefined ? {} : { fileInputs: app.fileInputs }),
        ...(app.moreLikeThis === undefined ? {} : { moreLikeThis: app.moreLikeThis }),
        ...(app.followUps === undefined ? {} : { followUps: app.followUps }),
        ...(app.citations === undefined ? {} : { citations: app.citations }),
        ...(app.site === undefined ? {} : { site: app.site }),
      })),
  });
  try {
    const config = defineConfig({
      sessionSecret: testSessionSecret,
      ...(options.identitySecret === null ? {} : { identitySecret: options.identitySecret ?? testIdentitySecret }),
      allowedOrigins: options.allowedOrigins ?? [testOrigin],
      apiUrl: simulator.url,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
      ...(options.session === undefined ? {} : { session: options.session }),
      ...(options.connections === undefined ? {} : { connections: options.connections }),
      ...(options.metricsToken === undefined ? {} : { metricsToken: options.metricsToken }),
      ...(options.tokensPerDayAllApps === undefined ? {} : { tokensPerDayAllApps: options.tokensPerDayAllApps }),
      ...(options.widgetDirectory === undefined ? {} : { widgetDirectory: options.widgetDirectory }),
      ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
      ...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl }),
      apps: apps.map((app) => ({
        id: app.id,
        apiKey: keys[app.id],
        mode: app.mode,
        ...(app.default === undefined ? {} : { default: app.default }),
        ...app.proxy,
      })),
    });
    const dependencies = {
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.siteRouter === undefined ? {} : { siteRouter: options.siteRouter }),
    };
    const instances = await Promise.all(Array.from({ length: options.instances ?? 1 }, () => startProxy(config, dependencies)));
    const proxy = instances[0];
    if (proxy === undefined) throw new Error('instances must be at least 1');
    return {
      instances,
      urls: { proxy: proxy.url, simulator: simulator.url },
      config,
      simulator,
      app: proxy.app,
      logs: proxy.logs,
      keys,
      async close() {
        await Promise.all(instances.map((instance) => instance.close()));
        await simulator.close();
      },
    };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}

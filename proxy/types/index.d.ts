/**
 * Types of `dify-widget/proxy` (dist/proxy/index.js), written by hand so the package's types do not
 * depend on the proxy's internal modules. test/types/package-types.ts checks they match the code.
 */
import type { Express } from 'express';
import type { DestinationStream, Logger } from 'pino';

/** The JSON config file's keys plus the secrets (`sessionSecret`, `identitySecret`); see the README. */
export type DifyWidgetProxyOptions = Record<string, unknown> & { readonly apps: readonly Record<string, unknown>[] };

export interface DifyWidgetProxyDependencies {
  /** Where JSON log lines go (stdout by default). */
  readonly logDestination?: DestinationStream;
}

/** An Express app to mount with `site.use(path, proxy)`, plus what a graceful shutdown needs. */
export type ProxyApp = Express & {
  readonly logger: Logger;
  /** Number of generations currently running through the proxy. */
  activeStreams(): number;
  /** Marks the proxy not ready and ends every running generation (Dify's tasks stopped). */
  drain(): Promise<void>;
  /** Asks Dify about every app once with its key; each problem is one sentence the operator can act on. */
  diagnose(): Promise<string[]>;
  /** Closes the connection to the shared state (Redis), after `drain`. */
  closeSharedState(): Promise<void>;
};

/** Validates the options (throws one error listing every problem) and returns the proxy's routes. */
export declare function createDifyWidgetProxy(options: DifyWidgetProxyOptions, dependencies?: DifyWidgetProxyDependencies): ProxyApp;

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startStack, type Stack, type StackOptions } from '../../helpers/stack.ts';
import { startHostServer, type HostServer } from './host-server.ts';

/** The built widget a site owner embeds; the suite tests this artifact, not the sources. */
const builtWidgetDirectory = fileURLToPath(new URL('../../../dist/widget/', import.meta.url));

/** Fails early, and says what to do, when the widget was not built. */
export function assertWidgetBuilt(): void {
  if (!existsSync(`${builtWidgetDirectory}widget.js`)) {
    throw new Error('dist/widget/widget.js is missing: run `npm run build` before the browser tests (npm test does it).');
  }
}

/** Simulator, proxy and a host site on three loopback origins. */
export interface E2eStack {
  readonly stack: Stack;
  readonly host: HostServer;
  /** The proxy's origin, e.g. http://127.0.0.1:40123. */
  readonly proxyOrigin: string;
  close(): Promise<void>;
}

/** Stack options, plus `requireWidget: false` for tests that never load widget.js. */
export type E2eStackOptions = StackOptions & { requireWidget?: boolean };

/**
 * Starts the host site first (its origin goes into the proxy's allowed origins), then the simulator and
 * the proxy serving the built widget. Simulator pacing is short so streams take milliseconds, yet each
 * answer still arrives in several chunks.
 */
export async function startE2eStack(options: E2eStackOptions = {}): Promise<E2eStack> {
  if (options.requireWidget !== false) assertWidgetBuilt();
  const host = await startHostServer();
  try {
    const stack = await startStack({
      ...options,
      allowedOrigins: options.allowedOrigins ?? [host.origin],
      widgetDirectory: builtWidgetDirectory,
      simulator: { chunkDelayMs: 15, pingIntervalMs: 200, ...options.simulator },
    });
    host.setProxyOrigin(stack.urls.proxy);
    return {
      stack,
      host,
      proxyOrigin: stack.urls.proxy,
      async close() {
        await Promise.allSettled([stack.close(), host.close()]);
      },
    };
  } catch (error) {
    await host.close();
    throw error;
  }
}

import { appModes, isAppMode, settingName, type AppConfig, type AppMode } from '../config.ts';
import { ProxyError, isRecord } from '../errors.ts';
import type { DifyClient } from './dify.ts';

/**
 * The app's mode: from the config when set, otherwise learned once from Dify's `GET /info` (retried on
 * the next request if that fails). The mode decides which endpoints are open.
 */
export function createModeResolver(app: AppConfig, client: DifyClient, headersTimeoutMs: number): () => Promise<AppMode> {
  const configured = app.mode;
  if (configured !== undefined) return () => Promise.resolve(configured);
  let known: Promise<AppMode> | undefined;
  async function discover(): Promise<AppMode> {
    const response = await client.send({
      endpoint: 'info',
      method: 'GET',
      path: ['info'],
      signal: new AbortController().signal,
      headersTimeoutMs,
    });
    const body: unknown = await response.json().catch(() => undefined);
    const mode = isRecord(body) ? body['mode'] : undefined;
    if (!response.ok || !isAppMode(mode)) {
      throw new ProxyError(
        502,
        'upstream_app_mode_unknown',
        `Could not learn the Dify app's mode from /info (status ${response.status}). Set ${settingName('mode')} to one of ${appModes.join(', ')}.`,
      );
    }
    return mode;
  }
  return () => {
    known ??= discover().catch((error: unknown) => {
      known = undefined;
      throw error;
    });
    return known;
  };
}

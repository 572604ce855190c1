import type { Logger } from '../logger.ts';
import { readInputRules, type InputRule } from '../routes/input-rules.ts';
import type { DifyClient } from './dify.ts';

/**
 * The app's input form from `/parameters`, fetched at most once per `cacheMs`. Undefined when Dify could
 * not be asked: then the check is Dify's own, and a generation is not refused for the proxy's sake.
 */
export function createAppForm(
  client: DifyClient,
  options: { cacheMs: number; headersMs: number; logger: Logger },
): () => Promise<InputRule[] | undefined> {
  let cached: { at: number; rules: Promise<InputRule[] | undefined> } | undefined;
  async function fetchRules(): Promise<InputRule[] | undefined> {
    try {
      const response = await client.send({
        endpoint: 'parameters',
        method: 'GET',
        path: ['parameters'],
        signal: new AbortController().signal,
        headersTimeoutMs: options.headersMs,
      });
      if (!response.ok) {
        await response.body?.cancel();
        return undefined;
      }
      return readInputRules(await response.json());
    } catch (error) {
      options.logger.warn(
        { app: client.appId, detail: error instanceof Error ? error.message : String(error) },
        "could not read the app's input form",
      );
      return undefined;
    }
  }
  return () => {
    if (cached === undefined || Date.now() - cached.at > options.cacheMs) {
      const fetched = { at: Date.now(), rules: fetchRules() };
      // A failed read is not kept: the next generation asks again.
      void fetched.rules.then((rules) => {
        if (rules === undefined && cached === fetched) cached = undefined;
      });
      cached = fetched;
    }
    return cached.rules;
  };
}

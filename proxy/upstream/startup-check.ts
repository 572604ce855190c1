import { settingName, type AppConfig } from '../config.ts';
import { isRecord, ProxyError } from '../errors.ts';
import { UpstreamAborted, type DifyClient } from './dify.ts';

const keyRejected = (name: string) =>
  `${name}: Dify rejected its key. Copy the key from the app's "API Access" page in Dify into ${settingName('apiKey')}, and check the app's API access is enabled.`;

/**
 * What is wrong with one app's connection to Dify, in one sentence the operator can act on, or
 * undefined: asked once at start (`GET /info` with the app's key), so a wrong key or URL shows in the log
 * before the first visitor meets it.
 */
export async function diagnoseApp(app: AppConfig, client: DifyClient, timeoutMs: number): Promise<string | undefined> {
  const name = `app '${app.id}'`;
  let response: Response;
  try {
    response = await client.send({
      endpoint: 'info',
      method: 'GET',
      path: ['info'],
      signal: new AbortController().signal,
      headersTimeoutMs: timeoutMs,
    });
  } catch (error) {
    if (error instanceof ProxyError && error.code === 'upstream_auth_failed') return keyRejected(name);
    if (error instanceof ProxyError || error instanceof UpstreamAborted) return `${name}: ${error.message}`;
    return `${name}: Dify at ${app.apiUrl} could not be asked for /info`;
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) return `${name}: Dify answered ${response.status} to /info at ${app.apiUrl}; check ${settingName('apiUrl')}.`;
  const mode = isRecord(body) ? body['mode'] : undefined;
  if (app.mode !== undefined && typeof mode === 'string' && mode !== app.mode) {
    return `${name}: configured as mode '${app.mode}' but Dify says the app is '${mode}'. Set ${settingName('mode')} to ${mode}, or leave it unset to learn it from Dify.`;
  }
  return undefined;
}

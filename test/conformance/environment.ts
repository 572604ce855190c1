/** `npm run test:dify` configuration, read from the environment (documented in the README). */
import type { DifyVersion } from '../../shared/dify-wire.ts';
import type { Bounds } from './channel.ts';
import { modes, type ModeName } from './modes.ts';
import type { SuiteApp, SuiteOptions } from './suite.ts';

/** Generous for a real model behind a real network, and still an end to every request. */
const realDifyBounds: Bounds = { requestMs: 20_000, answerMs: 120_000, silenceMs: 15_000, closeMs: 10_000, stopMs: 20_000 };

/** A short answer for the stream checks; a long one (minutes if nobody stopped it) for the stop check. */
const quickQuery = 'Reply with one short sentence: hello.';
const defaultSlowQuery = 'Count from 1 to 300, writing every number out in words, one per line.';

const versions: readonly DifyVersion[] = ['1.13', '1.14', 'main'];

function isVersion(value: string): value is DifyVersion {
  return versions.some((version) => version === value);
}

export type Environment =
  | { readonly ok: true; readonly options: SuiteOptions; readonly notes: readonly string[] }
  | { readonly ok: false; readonly problems: readonly string[] };

function apiUrl(value: string | undefined, problems: string[]): string {
  if (value === undefined || value === '') problems.push('DIFY_API_URL is not set (e.g. https://api.dify.ai/v1 or http://your-dify/v1)');
  else if (!/^https?:\/\/[^\s?#]+$/.test(value)) problems.push(`DIFY_API_URL '${value}' is not an http(s) URL without query or fragment`);
  return (value ?? '').replace(/\/+$/, '');
}

export function readEnvironment(env: Readonly<Record<string, string | undefined>>, onProgress?: (line: string) => void): Environment {
  const problems: string[] = [];
  const url = apiUrl(env['DIFY_API_URL'], problems);
  const apps: SuiteApp[] = [];
  const skipped: Partial<Record<ModeName, string>> = {};
  for (const mode of modes) {
    const key = env[mode.keyVariable]?.trim();
    if (key === undefined || key === '') skipped[mode.name] = `${mode.keyVariable} is not set`;
    else if (!key.startsWith('app-')) problems.push(`${mode.keyVariable} must be an app API key starting with 'app-'`);
    else apps.push({ mode: mode.name, key });
  }
  if (apps.length === 0 && problems.length === 0)
    problems.push(`set at least one app key: ${modes.map((mode) => mode.keyVariable).join(', ')}`);
  const version = env['DIFY_VERSION'];
  if (version !== undefined && version !== '' && !isVersion(version)) problems.push(`DIFY_VERSION must be one of ${versions.join(', ')}`);
  if (problems.length > 0) return { ok: false, problems };
  const requiredInputs = (env['DIFY_REQUIRED_INPUT'] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const options: SuiteOptions = {
    apiUrl: url,
    apps,
    skipped,
    requiredInputs,
    queries: { quick: quickQuery, slow: env['DIFY_SLOW_QUERY']?.trim() || defaultSlowQuery },
    bounds: realDifyBounds,
    ...(version !== undefined && isVersion(version) ? { version } : {}),
    ...(onProgress === undefined ? {} : { onProgress }),
  };
  return { ok: true, options, notes: Object.values(skipped).map((reason) => `Skipping a mode: ${reason}.`) };
}

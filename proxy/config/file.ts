import { isRecord } from '../errors.ts';
import type { Environment } from './environment.ts';
import { configFileSchema } from './schema.ts';

const fileKeys = new Set(Object.keys(configFileSchema.shape));

export interface ConfigFileContent {
  /** The file's settings, with `apiKeyEnv` references replaced by the variables' values. */
  readonly input: Record<string, unknown>;
  /** Field paths whose values came from the file, mapped to how to name them in a problem. */
  readonly labels: ReadonlyMap<string, string>;
  /** Environment variables the file reads keys from. */
  readonly keyVariables: ReadonlySet<string>;
  readonly problems: readonly string[];
}

function collectPaths(value: unknown, path: string, into: Set<string>): void {
  if (path !== '') into.add(path);
  if (Array.isArray(value)) value.forEach((item, index) => collectPaths(item, `${path}[${index}]`, into));
  else if (isRecord(value)) {
    for (const [key, inner] of Object.entries(value)) collectPaths(inner, path === '' ? key : `${path}.${key}`, into);
  }
}

/**
 * Parses the JSON config file for several apps. Secrets may stay out of the file: an app can name the
 * environment variable holding its key with `"apiKeyEnv": "SUPPORT_DIFY_KEY"` instead of `"apiKey"`.
 */
export function readConfigFile(text: string, filePath: string, environment: Environment): ConfigFileContent {
  const problems: string[] = [];
  const labels = new Map<string, string>();
  const keyVariables = new Set<string>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { input: {}, labels, keyVariables, problems: [`${filePath}: not valid JSON (${reason})`] };
  }
  if (!isRecord(parsed)) {
    return { input: {}, labels, keyVariables, problems: [`${filePath}: must hold a JSON object with an "apps" list`] };
  }
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === '$schema' || key === 'comment') continue;
    if (!fileKeys.has(key)) {
      problems.push(`${filePath}: unknown key "${key}"; allowed keys are ${[...fileKeys].join(', ')} (secrets and HOST/PORT come from the environment)`);
      continue;
    }
    input[key] = value;
  }
  const paths = new Set<string>();
  collectPaths(input, '', paths);
  for (const path of paths) labels.set(path, `${filePath}: ${path}`);

  const apps = input['apps'];
  if (Array.isArray(apps)) {
    input['apps'] = apps.map((app: unknown, index) => {
      if (!isRecord(app) || !('apiKeyEnv' in app)) return app;
      const { apiKeyEnv, ...rest } = app;
      const label = `${filePath}: apps[${index}].apiKeyEnv`;
      if (typeof apiKeyEnv !== 'string' || apiKeyEnv === '') {
        problems.push(`${label}: must name an environment variable`);
        return rest;
      }
      if ('apiKey' in rest) problems.push(`${label}: set either apiKey or apiKeyEnv, not both`);
      keyVariables.add(apiKeyEnv);
      const key = environment[apiKeyEnv]?.trim();
      if (key === undefined || key === '') {
        problems.push(`${label}: environment variable ${apiKeyEnv} is not set; export the app's key in it`);
        return rest;
      }
      labels.set(`apps[${index}].apiKey`, `${label} (${apiKeyEnv})`);
      return { ...rest, apiKey: key };
    });
  } else if (apps === undefined) {
    problems.push(`${filePath}: "apps" is missing; list at least one app with an id and apiKey`);
  }
  return { input, labels, keyVariables, problems };
}

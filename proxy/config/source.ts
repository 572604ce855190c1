import { readFileSync } from 'node:fs';
import { isRecord } from '../errors.ts';
import { fileKeys } from './schema.ts';
import {
  configFileVariable,
  describeVariable,
  present,
  readSharedSettings,
  readSingleApp,
  variableName,
  type DescribeField,
  type Environment,
} from './variables.ts';

/** Where the configuration comes from, before validation. */
export interface ConfigSource {
  /** The configuration input (see `configFields`) assembled from the environment and the file. */
  readonly input: Record<string, unknown>;
  readonly describe: DescribeField;
  /** No DIFY_API_KEY and no config file: the process entry starts the simulator. */
  readonly demo: boolean;
}

export interface ConfigSourceOptions {
  environment: Environment;
  argv?: readonly string[];
  readFile?: (path: string) => string;
}

interface FileContent {
  /** The file's settings, with `apiKeyEnv` references replaced by the variables' values. */
  readonly input: Record<string, unknown>;
  readonly describe: DescribeField;
  /** Environment variables the file reads keys from. */
  readonly keyVariables: ReadonlySet<string>;
  readonly problems: readonly string[];
}

/** The config file path from `--config <path>`, `--config=<path>` or DIFY_WIDGET_CONFIG. */
function configPathFrom(argv: readonly string[], environment: Environment): string | undefined {
  const index = argv.indexOf('--config');
  if (index >= 0) return argv[index + 1];
  const inline = argv.find((argument) => argument.startsWith('--config='));
  if (inline !== undefined) return inline.slice('--config='.length);
  return present(environment, configFileVariable);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Every path in a JSON value (`apps[0].limits.maxQueryChars`), so problems can say they came from the file. */
function collectPaths(value: unknown, path: string, into: Set<string>): Set<string> {
  if (path !== '') into.add(path);
  if (Array.isArray(value)) value.forEach((item, index) => collectPaths(item, `${path}[${index}]`, into));
  else if (isRecord(value))
    for (const [key, inner] of Object.entries(value)) collectPaths(inner, path === '' ? key : `${path}.${key}`, into);
  return into;
}

/**
 * Parses the JSON config file for several apps. Secrets may stay out of the file: an app can name the
 * environment variable holding its key with `"apiKeyEnv": "SUPPORT_DIFY_KEY"` instead of `"apiKey"`.
 */
function readConfigFile(text: string, filePath: string, environment: Environment): FileContent {
  const empty = { input: {}, describe: describeVariable, keyVariables: new Set<string>() };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ...empty, problems: [`${filePath}: not valid JSON (${reason(error)})`] };
  }
  if (!isRecord(parsed)) return { ...empty, problems: [`${filePath}: must hold a JSON object with an "apps" list`] };
  const problems: string[] = [];
  const allowed: readonly string[] = fileKeys;
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === '$schema' || key === 'comment') continue;
    if (allowed.includes(key)) input[key] = value;
    else
      problems.push(
        `${filePath}: unknown key "${key}"; allowed keys are ${allowed.join(', ')} (secrets and ${variableName('host')}/${variableName('port')} come from the environment)`,
      );
  }
  const labels = new Map([...collectPaths(input, '', new Set())].map((path) => [path, `${filePath}: ${path}`]));
  const keyVariables = new Set<string>();
  const apps = input['apps'];
  if (apps === undefined) problems.push(`${filePath}: "apps" is missing; list at least one app with an id and apiKey`);
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
  }
  const describe: DescribeField = (path) => labels.get(path) ?? (path.startsWith('apps') ? `${filePath}: ${path}` : describeVariable(path));
  return { input, describe, keyVariables, problems };
}

/** File sections are merged over the environment's key by key (`limits`); anything else replaces it. */
function mergeSection(shared: unknown, fromFile: unknown): unknown {
  if (isRecord(shared) && isRecord(fromFile)) return { ...shared, ...fromFile };
  return fromFile ?? shared;
}

/**
 * Reads the environment and, when named, the JSON config file, into one configuration input. Problems
 * found while reading (unreadable file, bad JSON) are returned; validation happens in `resolveConfig`.
 */
export function readConfigSource(options: ConfigSourceOptions): { ok: true; source: ConfigSource } | { ok: false; problems: string[] } {
  const { environment } = options;
  const shared = readSharedSettings(environment);
  const configPath = configPathFrom(options.argv ?? [], environment);
  if (configPath === undefined) {
    const app = readSingleApp(environment);
    const input = { ...shared, apps: app === undefined ? [] : [app], demo: app === undefined };
    return { ok: true, source: { input, describe: describeVariable, demo: app === undefined } };
  }
  if (configPath === '') return { ok: false, problems: ['--config: give the path of the JSON config file'] };
  let text: string;
  try {
    text = (options.readFile ?? ((path: string) => readFileSync(path, 'utf8')))(configPath);
  } catch (error) {
    return { ok: false, problems: [`${configPath}: cannot read the config file (${reason(error)})`] };
  }
  const file = readConfigFile(text, configPath, environment);
  const problems = [...file.problems];
  const keyVariable = variableName('apiKey');
  // A key in the environment that the file does not name would be silently unused; the operator meant something.
  if ((environment[keyVariable] ?? '') !== '' && !file.keyVariables.has(keyVariable)) {
    problems.push(
      `${keyVariable}: set together with the config file ${configPath}, which does not use it; put each key in the file (apiKey or "apiKeyEnv": "${keyVariable}") or unset it`,
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  const input: Record<string, unknown> = { ...shared };
  for (const [key, value] of Object.entries(file.input)) input[key] = mergeSection(shared[key], value);
  return { ok: true, source: { input, describe: file.describe, demo: false } };
}

import { readFileSync } from 'node:fs';
import { isRecord } from './errors.ts';
import { describeEnvironmentField, readSharedSettings, readSingleApp, type Environment } from './config/environment.ts';
import { readConfigFile } from './config/file.ts';
import { resolveConfig, type ConfigResult, type DescribeField } from './config/resolve.ts';

export type { AppConfig, AppLimits, AppMode, Config, SessionSettings, Timeouts } from './config/types.ts';
export { appModes } from './config/schema.ts';
export type { ConfigInput } from './config/schema.ts';
export { defineConfig, resolveConfig, defaultLimits, defaultSession, defaultTimeouts, type ConfigResult } from './config/resolve.ts';

/** Where the configuration comes from, before validation. */
export interface ConfigSource {
  /** Configuration input (see `configInputSchema`) assembled from the environment and the file. */
  readonly input: Record<string, unknown>;
  readonly describe: DescribeField;
  /** No DIFY_API_KEY and no config file: the process entry starts the simulator. */
  readonly demo: boolean;
  readonly configPath: string | undefined;
}

export interface ConfigSourceOptions {
  environment: Environment;
  argv?: readonly string[];
  readFile?: (path: string) => string;
}

/** The config file path from `--config <path>`, `--config=<path>` or DIFY_WIDGET_CONFIG. */
export function configPathFrom(argv: readonly string[], environment: Environment): string | undefined {
  const index = argv.indexOf('--config');
  if (index >= 0) return argv[index + 1];
  const inline = argv.find((argument) => argument.startsWith('--config='));
  if (inline !== undefined) return inline.slice('--config='.length);
  const fromEnvironment = environment['DIFY_WIDGET_CONFIG']?.trim();
  return fromEnvironment === undefined || fromEnvironment === '' ? undefined : fromEnvironment;
}

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
    return { ok: true, source: { input, describe: describeEnvironmentField, demo: app === undefined, configPath } };
  }
  if (configPath === '') return { ok: false, problems: ['--config: give the path of the JSON config file'] };
  let text: string;
  try {
    text = (options.readFile ?? ((path: string) => readFileSync(path, 'utf8')))(configPath);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [`${configPath}: cannot read the config file (${reason})`] };
  }
  const file = readConfigFile(text, configPath, environment);
  const problems = [...file.problems];
  if (environment['DIFY_API_KEY'] !== undefined && environment['DIFY_API_KEY'] !== '' && !file.keyVariables.has('DIFY_API_KEY')) {
    problems.push(
      `DIFY_API_KEY: set together with the config file ${configPath}, which does not use it; put each key in the file (apiKey or "apiKeyEnv": "DIFY_API_KEY") or unset it`,
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  const input: Record<string, unknown> = { ...shared };
  for (const [key, value] of Object.entries(file.input)) input[key] = mergeSection(shared[key], value);
  const describe: DescribeField = (path) =>
    file.labels.get(path) ?? (path.startsWith('apps') ? `${configPath}: ${path}` : describeEnvironmentField(path));
  return { ok: true, source: { input, describe, demo: false, configPath } };
}

/** Reads and validates the configuration in one step (what the process entry does outside demo mode). */
export function loadConfig(options: ConfigSourceOptions): ConfigResult {
  const read = readConfigSource(options);
  if (!read.ok) return read;
  return resolveConfig(read.source.input, read.source.describe);
}

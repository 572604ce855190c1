import { configSchema, type Config } from './config/schema.ts';
import { readConfigSource, type ConfigSourceOptions } from './config/source.ts';
import type { DescribeField } from './config/variables.ts';

export { appModes, isAppMode, modeFamilies, type AppMode } from './config/fields.ts';
export type { AppConfig, Config, Timeouts } from './config/schema.ts';
export { readConfigSource, type ConfigSource } from './config/source.ts';
export { everyVariable, settingName, variableName } from './config/variables.ts';

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Joins a zod issue path into `apps[0].apiKey` form. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? String(part) : `.${String(part)}`;
  return text;
}

/**
 * Validates a configuration input and fills in defaults. Every problem is reported, each named the way
 * the operator wrote it (via `describe`), with what to do about it.
 */
export function resolveConfig(input: unknown, describe: DescribeField = (path) => path): ConfigResult {
  const parsed = configSchema(describe).safeParse(input);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const path = formatPath(issue.path);
    return `${path === '' ? 'configuration' : describe(path)}: ${issue.message}`;
  });
  return { ok: false, problems };
}

/** Builds a Config from a plain object (tests, embedding), throwing one error that lists every problem. */
export function defineConfig(input: unknown): Config {
  const result = resolveConfig(input);
  if (!result.ok) throw new Error(`Invalid proxy configuration:\n- ${result.problems.join('\n- ')}`);
  return result.config;
}

/** Reads and validates the configuration in one step (what the process entry does outside demo mode). */
export function loadConfig(options: ConfigSourceOptions): ConfigResult {
  const read = readConfigSource(options);
  if (!read.ok) return read;
  return resolveConfig(read.source.input, read.source.describe);
}

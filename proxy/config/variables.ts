// The one table of environment variables: which configuration field each sets and how its text becomes
// a value. Start-up problems name fields through it (`describeVariable`) and runtime hints take names
// from it (`variableName`, `settingName`), so a variable is named in one place.
import { isRecord } from '../errors.ts';

interface Variable {
  readonly name: string;
  /** Anything unexpected stays text, so that validation reports it under the variable's name. */
  readonly read: (text: string) => unknown;
  /** Each app of the config file may set this field too (hints then mention it). */
  readonly perApp?: true;
}

const text = (value: string): unknown => value;
const whole = (value: string): unknown => (/^\d+$/.test(value) ? Number(value) : value);
const list = (value: string): unknown =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
const flag = (value: string): unknown => (/^(true|1|yes)$/i.test(value) ? true : /^(false|0|no)$/i.test(value) ? false : value);
function json(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Settings shared by every app, keyed by the configuration field they set (`limits.maxBodyKb`). */
const sharedVariables = {
  host: { name: 'HOST', read: text },
  port: { name: 'PORT', read: whole },
  production: { name: 'NODE_ENV', read: (value) => value === 'production' },
  sessionSecret: { name: 'SESSION_SECRET', read: text },
  identitySecret: { name: 'IDENTITY_SECRET', read: text },
  metricsToken: { name: 'METRICS_TOKEN', read: text },
  trustProxy: { name: 'TRUST_PROXY', read: (value) => (value === 'false' ? false : whole(value)) },
  redisUrl: { name: 'REDIS_URL', read: text },
  apiUrl: { name: 'DIFY_API_URL', read: text, perApp: true },
  allowedOrigins: { name: 'ALLOWED_ORIGINS', read: list, perApp: true },
  'limits.windowSeconds': { name: 'RATE_LIMIT_WINDOW_SECONDS', read: whole },
  'limits.requestsPerIp': { name: 'RATE_LIMIT_PER_IP', read: whole },
  'limits.requestsPerVisitor': { name: 'RATE_LIMIT_PER_VISITOR', read: whole },
  'limits.paidCallsPerVisitor': { name: 'RATE_LIMIT_PAID_PER_VISITOR', read: whole },
  'limits.tokensPerVisitorPerDay': { name: 'TOKENS_PER_VISITOR_PER_DAY', read: whole },
  'limits.tokensPerDay': { name: 'TOKENS_PER_DAY', read: whole },
  tokensPerDayAllApps: { name: 'TOKENS_PER_DAY_ALL_APPS', read: whole },
  'limits.tokensReservedPerAnswer': { name: 'TOKENS_RESERVED_PER_ANSWER', read: whole },
  'limits.speechCharsPerVisitorPerDay': { name: 'SPEECH_CHARS_PER_VISITOR_PER_DAY', read: whole },
  'limits.transcriptionSecondsPerVisitorPerDay': { name: 'TRANSCRIPTION_SECONDS_PER_VISITOR_PER_DAY', read: whole },
  'limits.uploadMbPerVisitorPerDay': { name: 'UPLOAD_MB_PER_VISITOR_PER_DAY', read: whole },
  'limits.streamsPerVisitor': { name: 'MAX_STREAMS_PER_VISITOR', read: whole },
  'limits.streamsPerIp': { name: 'MAX_STREAMS_PER_IP', read: whole },
  'limits.streamsPerApp': { name: 'MAX_STREAMS_PER_APP', read: whole },
  'limits.maxBodyKb': { name: 'MAX_BODY_KB', read: whole },
  'limits.maxQueryChars': { name: 'MAX_QUERY_CHARS', read: whole },
  'limits.maxUploadMb': { name: 'MAX_UPLOAD_MB', read: whole },
  'session.ttlSeconds': { name: 'SESSION_TTL_SECONDS', read: whole },
  'session.renewalWindowDays': { name: 'SESSION_RENEWAL_DAYS', read: whole },
  'session.mintPerIp': { name: 'SESSION_MINT_PER_IP', read: whole },
  'session.mintWindowSeconds': { name: 'SESSION_MINT_WINDOW_SECONDS', read: whole },
  'timeouts.headersTimeoutMs': { name: 'UPSTREAM_HEADERS_TIMEOUT_MS', read: whole },
  'timeouts.blockingTimeoutMs': { name: 'UPSTREAM_BLOCKING_TIMEOUT_MS', read: whole },
  'timeouts.idleTimeoutMs': { name: 'UPSTREAM_IDLE_TIMEOUT_MS', read: whole },
  'timeouts.streamTimeoutMs': { name: 'UPSTREAM_STREAM_TIMEOUT_MS', read: whole },
  'timeouts.heartbeatMs': { name: 'HEARTBEAT_MS', read: whole },
  'timeouts.firstEventTimeoutMs': { name: 'UPSTREAM_FIRST_EVENT_TIMEOUT_MS', read: whole },
  'connections.maxConnections': { name: 'MAX_CONNECTIONS', read: whole },
  'connections.connectionsPerIp': { name: 'MAX_CONNECTIONS_PER_IP', read: whole },
  'connections.headersTimeoutMs': { name: 'CLIENT_HEADERS_TIMEOUT_MS', read: whole },
  'connections.bodyIdleTimeoutMs': { name: 'CLIENT_BODY_IDLE_TIMEOUT_MS', read: whole },
  'timeouts.slotLeaseMs': { name: 'REDIS_SLOT_LEASE_MS', read: whole },
} as const satisfies Record<string, Variable>;

/** The one app of the environment-only setup (`apps[0]`), keyed by the app field they set. */
const appVariables = {
  id: { name: 'DIFY_APP_ID', read: text },
  apiKey: { name: 'DIFY_API_KEY', read: text, perApp: true },
  mode: { name: 'DIFY_APP_MODE', read: text, perApp: true },
  inputs: { name: 'DIFY_APP_INPUTS', read: json },
  visitorInputs: { name: 'DIFY_VISITOR_INPUTS', read: list },
  identityInputs: { name: 'DIFY_IDENTITY_INPUTS', read: list },
  remoteFileUrls: { name: 'DIFY_REMOTE_FILE_URLS', read: flag },
} as const satisfies Record<string, Variable>;

/** Names the JSON config file when `--config` is not given. */
export const configFileVariable = 'DIFY_WIDGET_CONFIG';

type SettingKey = keyof typeof sharedVariables | keyof typeof appVariables;
const variables: Readonly<Record<SettingKey, Variable>> = { ...sharedVariables, ...appVariables };

/** Every variable the proxy reads, with the configuration field it sets (for `--help`). */
export function everyVariable(): { name: string; field: string }[] {
  return [
    ...Object.entries(sharedVariables).map(([field, { name }]) => ({ name, field })),
    ...Object.entries(appVariables).map(([field, { name }]) => ({ name, field: `apps[0].${field}` })),
    { name: configFileVariable, field: 'the JSON config file (same as --config)' },
  ];
}

/** The variable that sets a setting: `variableName('trustProxy')` is `TRUST_PROXY`. */
export function variableName(key: SettingKey): string {
  return variables[key].name;
}

/** A setting as a hint names it: its variable, and the app's key in the config file where there is one. */
export function settingName(key: SettingKey): string {
  const { name, perApp } = variables[key];
  return perApp === true ? `${name} (or the app's ${key} in the config file)` : name;
}

/** Maps a field path such as `apps[0].apiKey` to what the operator wrote (a variable, a file key). */
export type DescribeField = (path: string) => string;

/** Names a field path after the variable that sets it: `allowedOrigins[1]` is `ALLOWED_ORIGINS ([1])`. */
export const describeVariable: DescribeField = (path) => {
  const appField = /^apps\[0\]\.(.+)$/.exec(path)?.[1];
  const field = appField ?? path;
  const entry = Object.entries(appField === undefined ? sharedVariables : appVariables).find(
    ([key]) => field === key || field.startsWith(`${key}[`) || field.startsWith(`${key}.`),
  );
  if (entry === undefined) return path;
  const [key, { name }] = entry;
  return field === key ? name : `${name} (${field.slice(key.length)})`;
};

export type Environment = Readonly<Record<string, string | undefined>>;

/** A variable's trimmed value; empty counts as unset. */
export function present(environment: Environment, name: string): string | undefined {
  const value = environment[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function read(table: Readonly<Record<string, Variable>>, environment: Environment): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [path, variable] of Object.entries(table)) {
    const value = present(environment, variable.name);
    if (value === undefined) continue;
    const [section, field] = path.split('.');
    if (section === undefined) continue;
    const inner = input[section];
    input[section] = field === undefined ? variable.read(value) : { ...(isRecord(inner) ? inner : {}), [field]: variable.read(value) };
  }
  return input;
}

/** The settings every app shares, as a configuration input (see `configFields`). */
export function readSharedSettings(environment: Environment): Record<string, unknown> {
  return read(sharedVariables, environment);
}

/** The one app of the environment-only setup, or undefined when DIFY_API_KEY is unset (demo mode). */
export function readSingleApp(environment: Environment): Record<string, unknown> | undefined {
  if (present(environment, appVariables.apiKey.name) === undefined) return undefined;
  return { id: 'default', ...read(appVariables, environment) };
}

import { isRecord } from '../errors.ts';
import type { DescribeField } from './resolve.ts';

/** Environment variables the proxy reads, keyed by the config field each one sets. */
export const environmentVariables: Readonly<Record<string, string>> = {
  host: 'HOST',
  port: 'PORT',
  sessionSecret: 'SESSION_SECRET',
  identitySecret: 'IDENTITY_SECRET',
  trustProxy: 'TRUST_PROXY',
  redisUrl: 'REDIS_URL',
  apiUrl: 'DIFY_API_URL',
  allowedOrigins: 'ALLOWED_ORIGINS',
  'limits.windowSeconds': 'RATE_LIMIT_WINDOW_SECONDS',
  'limits.requestsPerIp': 'RATE_LIMIT_PER_IP',
  'limits.requestsPerVisitor': 'RATE_LIMIT_PER_VISITOR',
  'limits.streamsPerVisitor': 'MAX_STREAMS_PER_VISITOR',
  'limits.streamsPerIp': 'MAX_STREAMS_PER_IP',
  'limits.maxBodyKb': 'MAX_BODY_KB',
  'limits.maxQueryChars': 'MAX_QUERY_CHARS',
  'limits.maxUploadMb': 'MAX_UPLOAD_MB',
  'session.ttlSeconds': 'SESSION_TTL_SECONDS',
  'session.renewalWindowDays': 'SESSION_RENEWAL_DAYS',
  'session.mintPerIp': 'SESSION_MINT_PER_IP',
  'session.mintWindowSeconds': 'SESSION_MINT_WINDOW_SECONDS',
  'timeouts.headersTimeoutMs': 'UPSTREAM_HEADERS_TIMEOUT_MS',
  'timeouts.blockingTimeoutMs': 'UPSTREAM_BLOCKING_TIMEOUT_MS',
  'timeouts.idleTimeoutMs': 'UPSTREAM_IDLE_TIMEOUT_MS',
  'timeouts.streamTimeoutMs': 'UPSTREAM_STREAM_TIMEOUT_MS',
  'timeouts.heartbeatMs': 'HEARTBEAT_MS',
};

/** Variables that configure the single app of the environment-only setup. */
const singleAppVariables: Readonly<Record<string, string>> = {
  id: 'DIFY_APP_ID',
  apiKey: 'DIFY_API_KEY',
  mode: 'DIFY_APP_MODE',
  inputs: 'DIFY_APP_INPUTS',
  visitorInputs: 'DIFY_VISITOR_INPUTS',
  remoteFileUrls: 'DIFY_REMOTE_FILE_URLS',
};

export type Environment = Readonly<Record<string, string | undefined>>;

function present(environment: Environment, name: string): string | undefined {
  const value = environment[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Numbers become numbers; anything else stays a string so validation can name the variable. */
function numberOrText(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function booleanOrText(text: string): boolean | string {
  if (/^(true|1|yes)$/i.test(text)) return true;
  if (/^(false|0|no)$/i.test(text)) return false;
  return text;
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, tail] = path.split('.');
  if (head === undefined) return;
  if (tail === undefined) {
    target[head] = value;
    return;
  }
  const inner = target[head];
  const nested: Record<string, unknown> = isRecord(inner) ? inner : {};
  nested[tail] = value;
  target[head] = nested;
}

/** Translates environment variables into a configuration input (everything but the apps). */
export function readSharedSettings(environment: Environment): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [path, name] of Object.entries(environmentVariables)) {
    const text = present(environment, name);
    if (text === undefined) continue;
    if (path === 'allowedOrigins') setPath(input, path, list(text));
    else if (path === 'host' || path === 'sessionSecret' || path === 'identitySecret' || path === 'redisUrl' || path === 'apiUrl')
      setPath(input, path, text);
    else if (path === 'trustProxy') setPath(input, path, text === 'false' ? false : numberOrText(text));
    else setPath(input, path, numberOrText(text));
  }
  input['production'] = environment['NODE_ENV'] === 'production';
  return input;
}

/** The one app of the environment-only setup, or undefined when DIFY_API_KEY is unset (demo mode). */
export function readSingleApp(environment: Environment): Record<string, unknown> | undefined {
  const apiKey = present(environment, 'DIFY_API_KEY');
  if (apiKey === undefined) return undefined;
  const app: Record<string, unknown> = { id: present(environment, 'DIFY_APP_ID') ?? 'default', apiKey };
  const mode = present(environment, 'DIFY_APP_MODE');
  if (mode !== undefined) app['mode'] = mode;
  const inputs = present(environment, 'DIFY_APP_INPUTS');
  if (inputs !== undefined) app['inputs'] = jsonOrText(inputs);
  const visitorInputs = present(environment, 'DIFY_VISITOR_INPUTS');
  if (visitorInputs !== undefined) app['visitorInputs'] = list(visitorInputs);
  const remote = present(environment, 'DIFY_REMOTE_FILE_URLS');
  if (remote !== undefined) app['remoteFileUrls'] = booleanOrText(remote);
  return app;
}

/** Names fields after the environment variables that set them. */
export const describeEnvironmentField: DescribeField = (path) => {
  const appField = /^apps\[0\]\.([A-Za-z]+)/.exec(path)?.[1];
  if (appField !== undefined) return singleAppVariables[appField] ?? path;
  if (path === 'production') return 'NODE_ENV';
  const exact = environmentVariables[path];
  if (exact !== undefined) return exact;
  const prefix = Object.keys(environmentVariables).find((key) => path.startsWith(`${key}[`));
  return prefix === undefined ? path : `${environmentVariables[prefix]} (${path.slice(prefix.length)})`;
};

import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { crossFieldProblems, crossFieldView } from './cross-field.ts';
import { configInputSchema, type LimitsInput, type ParsedConfigInput } from './schema.ts';
import type { AppConfig, AppLimits, Config, SessionSettings, Timeouts } from './types.ts';

/** Limits a real site can start with; see the README for the reasoning. */
export const defaultLimits: LimitsInput = {
  windowSeconds: 60,
  requestsPerIp: 300,
  requestsPerVisitor: 60,
  streamsPerVisitor: 2,
  // Sessions are cheap to mint, so the per-visitor cap alone does not bound what one address can run.
  streamsPerIp: 20,
  maxBodyKb: 64,
  maxQueryChars: 4000,
  maxUploadMb: 15,
};

export const defaultSession = { ttlSeconds: 86_400, renewalWindowDays: 30, mintPerIp: 30, mintWindowSeconds: 600 };

export const defaultTimeouts = {
  headersTimeoutMs: 30_000,
  blockingTimeoutMs: 120_000,
  idleTimeoutMs: 45_000,
  streamTimeoutMs: 1_200_000,
  heartbeatMs: 15_000,
  stopTimeoutMs: 5_000,
  taskIdGraceMs: 5_000,
};

export const defaultApiUrl = 'https://api.dify.ai/v1';
const defaultWidgetDirectory = fileURLToPath(new URL('../../dist/widget/', import.meta.url));

/** Maps a field path such as `apps[0].apiKey` to what the operator wrote (an env var, a file key). */
export type DescribeField = (path: string) => string;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Joins a zod issue path into `apps[0].apiKey` form. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text;
}

function ownOrigins(host: string, port: number): string[] {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const origins = [`http://${hostPart}:${port}`];
  if (host === '127.0.0.1' || host === '0.0.0.0' || host === '::') origins.push(`http://localhost:${port}`);
  if (host === '0.0.0.0') origins.push(`http://127.0.0.1:${port}`);
  return origins;
}

function toLimits(merged: LimitsInput): AppLimits {
  return Object.freeze({
    windowMs: merged.windowSeconds * 1000,
    requestsPerIp: merged.requestsPerIp,
    requestsPerVisitor: merged.requestsPerVisitor,
    streamsPerVisitor: merged.streamsPerVisitor,
    streamsPerIp: merged.streamsPerIp,
    maxBodyBytes: merged.maxBodyKb * 1024,
    maxQueryChars: merged.maxQueryChars,
    maxUploadBytes: merged.maxUploadMb * 1024 * 1024,
  });
}

function isLoopbackUrl(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || url.hostname.endsWith('.localhost');
}

/**
 * Validates a configuration input and fills in defaults. Every problem is reported, each named the way
 * the operator wrote it (via `describe`), with what to do about it.
 */
export function resolveConfig(input: unknown, describe: DescribeField = (path) => path): ConfigResult {
  const parsed = configInputSchema.safeParse(input);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = formatPath(issue.path);
      problems.push(`${path === '' ? 'configuration' : describe(path)}: ${issue.message}`);
    }
  }
  problems.push(...crossFieldProblems(crossFieldView(parsed.success ? parsed.data : input), describe));
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const value: ParsedConfigInput = parsed.data;
  const warnings: string[] = [];
  const production = value.production ?? false;
  const demo = value.demo ?? false;
  const host = value.host ?? '127.0.0.1';
  const port = value.port ?? 8787;

  const sharedOrigins = value.allowedOrigins ?? ownOrigins(host, port);
  if (value.allowedOrigins === undefined && !demo) {
    warnings.push(
      `${describe('allowedOrigins')} is unset: only pages served from ${sharedOrigins.join(' or ')} may call the proxy; list your site's origins`,
    );
  }
  const sharedLimits: LimitsInput = { ...defaultLimits, ...value.limits };
  const apps: AppConfig[] = value.apps.map((app, index) => {
    const apiUrl = (app.apiUrl ?? value.apiUrl ?? defaultApiUrl).replace(/\/+$/, '');
    const url = new URL(apiUrl);
    if (url.protocol === 'http:' && !isLoopbackUrl(url)) {
      warnings.push(`${describe(`apps[${index}].apiUrl`)} uses plain http to a remote host: the API key travels unencrypted`);
    }
    if (!url.pathname.endsWith('/v1')) {
      warnings.push(`${describe(`apps[${index}].apiUrl`)} does not end with /v1; Dify's Service API lives under /v1`);
    }
    return Object.freeze({
      id: app.id,
      apiKey: app.apiKey,
      apiUrl,
      mode: app.mode,
      isDefault: app.default === true || value.apps.length === 1,
      allowedOrigins: Object.freeze([...(app.allowedOrigins ?? sharedOrigins)]),
      fixedInputs: Object.freeze({ ...app.inputs }),
      visitorInputs: app.visitorInputs === undefined ? undefined : Object.freeze([...app.visitorInputs]),
      allowRemoteFileUrls: app.remoteFileUrls ?? false,
      limits: toLimits({ ...sharedLimits, ...app.limits }),
    });
  });

  let sessionSecret = value.sessionSecret;
  if (sessionSecret === undefined) {
    sessionSecret = randomBytes(32).toString('hex');
    warnings.push(
      `${describe('sessionSecret')} is unset: using a random secret, so visitor sessions end when the proxy restarts; set it to keep them`,
    );
  }
  const sessionInput = { ...defaultSession, ...value.session };
  const session: SessionSettings = Object.freeze({
    ttlSeconds: sessionInput.ttlSeconds,
    renewalWindowSeconds: sessionInput.renewalWindowDays * 86_400,
    mintPerIp: sessionInput.mintPerIp,
    mintWindowMs: sessionInput.mintWindowSeconds * 1000,
  });
  const timeoutInput = { ...defaultTimeouts, ...value.timeouts };
  const timeouts: Timeouts = Object.freeze({
    headersMs: timeoutInput.headersTimeoutMs,
    blockingMs: timeoutInput.blockingTimeoutMs,
    idleMs: timeoutInput.idleTimeoutMs,
    streamMs: timeoutInput.streamTimeoutMs,
    heartbeatMs: timeoutInput.heartbeatMs,
    stopMs: timeoutInput.stopTimeoutMs,
    taskIdGraceMs: timeoutInput.taskIdGraceMs,
  });
  if (timeouts.heartbeatMs >= timeouts.idleMs) {
    warnings.push(`${describe('timeouts.heartbeatMs')} is not below the idle timeout; idle streams may be cut before a heartbeat`);
  }

  const config: Config = Object.freeze({
    host,
    port,
    production,
    demo,
    sessionSecret,
    identitySecret: value.identitySecret,
    trustProxy: value.trustProxy ?? false,
    redisUrl: undefined,
    widgetDirectory: value.widgetDirectory ?? defaultWidgetDirectory,
    apps: Object.freeze(apps),
    defaultAppId: apps.find((app) => app.isDefault)?.id,
    session,
    timeouts,
    warnings: Object.freeze(warnings),
  });
  return { ok: true, config };
}

/**
 * Builds a Config from a plain object (tests, embedding), throwing one error that lists every problem.
 */
export function defineConfig(input: unknown): Config {
  const result = resolveConfig(input);
  if (!result.ok) throw new Error(`Invalid proxy configuration:\n- ${result.problems.join('\n- ')}`);
  return result.config;
}

import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { crossFieldChecks } from './cross-field.ts';
import { apiKey, appId, appMode, flag, httpUrl, inputName, origins, redisUrl, secret, trustProxy, wholeNumber } from './fields.ts';
import type { DescribeField } from './variables.ts';

/** Request limits as written (human units). An app's own limits win over the shared ones. */
const limits = z
  .strictObject({
    windowSeconds: wholeNumber(1),
    requestsPerIp: wholeNumber(1),
    requestsPerVisitor: wholeNumber(1),
    /** Calls one visitor may make per window to endpoints that make Dify spend: uploads, speech, suggestions, renames. */
    paidCallsPerVisitor: wholeNumber(1),
    /** Tokens (as Dify reports them) one visitor may spend per UTC day; 0: no daily budget. */
    tokensPerVisitorPerDay: wholeNumber(0),
    /** Tokens the whole app may spend per UTC day, over every visitor; 0: no daily budget. */
    tokensPerDay: wholeNumber(0),
    /** Tokens a generation reserves against the budgets before it starts, settled with what it spent. */
    tokensReservedPerAnswer: wholeNumber(1),
    /** Characters of answers one visitor may have read aloud per UTC day; 0: no budget. */
    speechCharsPerVisitorPerDay: wholeNumber(0),
    /** Seconds of audio one visitor may have transcribed per UTC day; 0: no budget. */
    transcriptionSecondsPerVisitorPerDay: wholeNumber(0),
    /** Megabytes one visitor may upload per UTC day (files and audio); 0: no budget. */
    uploadMbPerVisitorPerDay: wholeNumber(0),
    /** Concurrent generation requests (streams) one visitor may have open. */
    streamsPerVisitor: wholeNumber(1),
    /** Concurrent generation requests from one address (IPv6: one /56), whatever sessions they use. */
    streamsPerIp: wholeNumber(1),
    /** Concurrent generation requests to Dify for this app in all, over every visitor and instance. */
    streamsPerApp: wholeNumber(1),
    maxBodyKb: wholeNumber(1),
    maxQueryChars: wholeNumber(1),
    maxUploadMb: wholeNumber(1),
  })
  .partial();
type Limits = Required<z.output<typeof limits>>;

/** Limits a real site can start with; see the README for the reasoning. */
const defaultLimits: Limits = {
  windowSeconds: 60,
  requestsPerIp: 300,
  requestsPerVisitor: 60,
  // Each of these runs a model or stores a file in Dify: far fewer than ordinary requests.
  paidCallsPerVisitor: 10,
  // A long conversation with a large model is about 50,000 tokens; the app's total is the owner's to set.
  tokensPerVisitorPerDay: 200_000,
  tokensPerDay: 0,
  // The most a burst can overrun a budget by, when answers stay within it (README, "Budgets").
  tokensReservedPerAnswer: 4_000,
  // About 20 long answers read aloud, 10 minutes of voice input and 100 MB of files a day.
  speechCharsPerVisitorPerDay: 20_000,
  transcriptionSecondsPerVisitorPerDay: 600,
  uploadMbPerVisitorPerDay: 100,
  streamsPerVisitor: 2,
  // Sessions are cheap to mint, so the per-visitor cap alone does not bound what one address can run.
  streamsPerIp: 20,
  // Below Dify's own default APP_MAX_ACTIVE_REQUESTS guard rails; raise it with your Dify's capacity.
  streamsPerApp: 200,
  maxBodyKb: 64,
  maxQueryChars: 4000,
  maxUploadMb: 15,
};

/** Limits in the units the middleware counts in. */
function toLimits({ windowSeconds, maxBodyKb, maxUploadMb, uploadMbPerVisitorPerDay, ...counts }: Limits) {
  return Object.freeze({
    ...counts,
    windowMs: windowSeconds * 1000,
    maxBodyBytes: maxBodyKb * 1024,
    maxUploadBytes: maxUploadMb * 1024 * 1024,
    uploadBytesPerVisitorPerDay: uploadMbPerVisitorPerDay * 1024 * 1024,
  });
}

const session = z
  .strictObject({
    ttlSeconds: wholeNumber(60).default(86_400),
    /** How long after expiry a session token may still be renewed for the same visitor. */
    renewalWindowDays: wholeNumber(0).default(30),
    mintPerIp: wholeNumber(1).default(30),
    mintWindowSeconds: wholeNumber(1).default(600),
  })
  .transform(({ renewalWindowDays, mintWindowSeconds, ...rest }) =>
    Object.freeze({ ...rest, renewalWindowSeconds: renewalWindowDays * 86_400, mintWindowMs: mintWindowSeconds * 1000 }),
  )
  .prefault({});

/** Upstream timeouts; the keys lose their `Timeout` once parsed (`timeouts.idleMs`). */
const timeouts = z
  .strictObject({
    /** Time until Dify's response headers arrive (streams, reads). */
    headersTimeoutMs: wholeNumber(1).default(30_000),
    /** Whole-response budget for blocking generation and uploads. */
    blockingTimeoutMs: wholeNumber(1).default(120_000),
    /** Longest silence allowed inside a stream (Dify pings every 10 s) or inside any other answer's body. */
    idleTimeoutMs: wholeNumber(1).default(45_000),
    /** Longest a single stream may run. */
    streamTimeoutMs: wholeNumber(1).default(1_200_000),
    /** A comment line is sent when nothing was written for this long. */
    heartbeatMs: wholeNumber(1).default(15_000),
    stopTimeoutMs: wholeNumber(1).default(5_000),
    /**
     * Chatflow and workflow streams: the longest wait for Dify's first data frame after its opening ping.
     * Dify rejects some bad requests inside its worker after the 200 and then sends nothing (dify-api.md §4.3).
     */
    firstEventTimeoutMs: wholeNumber(1).default(20_000),
    /** How long a stream may stay quiet after the event that ended its answer before the proxy closes it. */
    afterEndMs: wholeNumber(0).default(1_000),
    /** How long the app's input form (`/parameters`) is reused to check inputs before a generation. */
    formCacheMs: wholeNumber(0).default(30_000),
    /**
     * With Redis: how long a stream slot outlives the instance holding it. A running stream renews its slot
     * every third of this, so an instance that crashed frees its slots after at most this long.
     */
    slotLeaseMs: wholeNumber(1000).default(30_000),
  })
  .transform(({ headersTimeoutMs, blockingTimeoutMs, idleTimeoutMs, streamTimeoutMs, stopTimeoutMs, firstEventTimeoutMs, ...rest }) =>
    Object.freeze({
      ...rest,
      headersMs: headersTimeoutMs,
      blockingMs: blockingTimeoutMs,
      idleMs: idleTimeoutMs,
      streamMs: streamTimeoutMs,
      stopMs: stopTimeoutMs,
      firstEventMs: firstEventTimeoutMs,
    }),
  )
  .prefault({});

/** What clients may hold open on the proxy's own port (proxy/http/connections.ts). */
const connections = z
  .strictObject({
    maxConnections: wholeNumber(1).default(1_000),
    /** Unset: 32, or off behind a trusted reverse proxy (every connection then comes from its address). */
    connectionsPerIp: wholeNumber(0).optional(),
    headersTimeoutMs: wholeNumber(1).default(10_000),
    bodyIdleTimeoutMs: wholeNumber(1).default(10_000),
  })
  .prefault({});

const app = z.strictObject({
  id: appId,
  apiKey,
  /** Dify base URL including `/v1`; unset: the shared one. */
  apiUrl: httpUrl.optional(),
  /** Unset: learned from Dify's `GET /info` on first use. */
  mode: appMode.optional(),
  default: flag.optional(),
  /** Replaces the shared list. */
  allowedOrigins: origins.optional(),
  /** Inputs the proxy always sends; they win over anything the visitor or the identity sets. */
  inputs: z.record(z.string(), z.unknown(), { error: 'must be a JSON object of input values' }).default({}),
  /** Input names a visitor may set; unset means any name. */
  visitorInputs: z.array(inputName, { error: 'must be a list of input variable names' }).optional(),
  /** Inputs only a verified identity's JWT may set: a visitor never can, even when the app's form declares them. */
  identityInputs: z.array(inputName, { error: 'must be a list of input variable names' }).default([]),
  /** Whether `files[].transfer_method: "remote_url"` is forwarded (it makes Dify fetch a URL). */
  remoteFileUrls: flag.default(false),
  limits: limits.optional(),
});

/**
 * Everything that configures the proxy, in one object: what `defineConfig` takes, what the environment
 * and the JSON config file are translated into. Units are in the key names.
 */
const configFields = z.strictObject({
  host: z.string({ error: 'must be a host name or address' }).min(1, 'must not be empty').default('127.0.0.1'),
  port: wholeNumber(0).max(65535, 'must be at most 65535').default(8787),
  production: z.boolean().default(false),
  /** No Dify app is configured: the process entry starts the simulator. */
  demo: z.boolean().default(false),
  sessionSecret: secret.optional(),
  identitySecret: secret.optional(),
  /** Unset: /metrics answers only scrapers on this machine. */
  metricsToken: secret.optional(),
  trustProxy: trustProxy.default(false),
  /** Set: limits, stream slots and receipts live in Redis, shared by every instance that names it. */
  redisUrl: redisUrl.optional(),
  widgetDirectory: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../dist/widget/', import.meta.url))),
  apiUrl: httpUrl.default('https://api.dify.ai/v1'),
  allowedOrigins: origins.optional(),
  limits: limits.optional(),
  /** Tokens every app together may spend per UTC day; 0: no such budget. */
  tokensPerDayAllApps: wholeNumber(0).default(0),
  session,
  timeouts,
  connections,
  apps: z.array(app, { error: 'must be a list of apps' }),
});

/** The keys a config file may hold; the rest (secrets, where to listen) come from the environment only. */
export const fileKeys = [
  'apiUrl',
  'allowedOrigins',
  'limits',
  'tokensPerDayAllApps',
  'session',
  'timeouts',
  'connections',
  'apps',
] as const satisfies readonly (keyof typeof configFields.shape)[];

/** Without ALLOWED_ORIGINS, pages served by the proxy itself may call it. */
function ownOrigins(host: string, port: number): string[] {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const own = [`http://${hostPart}:${port}`];
  if (host === '127.0.0.1' || host === '0.0.0.0' || host === '::') own.push(`http://localhost:${port}`);
  if (host === '0.0.0.0') own.push(`http://127.0.0.1:${port}`);
  return own;
}

function isLoopbackUrl(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || url.hostname.endsWith('.localhost');
}

/** Settings that depend on others (each app's URL, origins and limits), and the operator's warnings. */
function toConfig(value: z.output<typeof configFields>, describe: DescribeField) {
  const { production, apiUrl, allowedOrigins, limits: sharedLimits, apps, sessionSecret, connections, ...settings } = value;
  const warnings: string[] = [];
  const warn = (path: string, message: string) => warnings.push(`${describe(path)} ${message}`);
  const sharedOrigins = allowedOrigins ?? ownOrigins(settings.host, settings.port);
  if (allowedOrigins === undefined && !settings.demo) {
    warn('allowedOrigins', `is unset: only pages served from ${sharedOrigins.join(' or ')} may call the proxy; list your site's origins`);
  }
  const appConfigs = apps.map(({ default: _default, inputs, remoteFileUrls, limits: own, ...rest }, index) => {
    const url = new URL(rest.apiUrl ?? apiUrl);
    const urlField = rest.apiUrl === undefined ? 'apiUrl' : `apps[${index}].apiUrl`;
    if (url.protocol === 'http:' && !isLoopbackUrl(url))
      warn(urlField, 'uses plain http to a remote host: the API key travels unencrypted');
    if (!url.pathname.endsWith('/v1')) warn(urlField, "does not end with /v1; Dify's Service API lives under /v1");
    return Object.freeze({
      ...rest,
      apiUrl: rest.apiUrl ?? apiUrl,
      allowedOrigins: Object.freeze(rest.allowedOrigins ?? sharedOrigins),
      fixedInputs: Object.freeze(inputs),
      visitorInputs: rest.visitorInputs === undefined ? undefined : Object.freeze(rest.visitorInputs),
      identityInputs: Object.freeze(rest.identityInputs),
      allowRemoteFileUrls: remoteFileUrls,
      limits: toLimits({ ...defaultLimits, ...sharedLimits, ...own }),
    });
  });
  if (sessionSecret === undefined) {
    warn('sessionSecret', 'is unset: using a random secret, so visitor sessions end when the proxy restarts; set it to keep them');
  }
  if (settings.redisUrl !== undefined && new URL(settings.redisUrl).protocol === 'redis:' && !isLoopbackUrl(new URL(settings.redisUrl))) {
    warn('redisUrl', "uses plain redis:// to a remote host: its password and the visitors' ids travel unencrypted; use rediss://");
  }
  if (settings.timeouts.heartbeatMs >= settings.timeouts.idleMs) {
    warn('timeouts.heartbeatMs', 'is not below the idle timeout; idle streams may be cut before a heartbeat');
  }
  return Object.freeze({
    ...settings,
    connections: Object.freeze({
      max: connections.maxConnections,
      perAddress: connections.connectionsPerIp ?? (settings.trustProxy === false ? 32 : 0),
      headersMs: connections.headersTimeoutMs,
      bodyIdleMs: connections.bodyIdleTimeoutMs,
    }),
    sessionSecret: sessionSecret ?? randomBytes(32).toString('hex'),
    apps: Object.freeze(appConfigs),
    defaultAppId: (appConfigs.length === 1 ? apps[0] : apps.find((candidate) => candidate.default === true))?.id,
    /** Start-up warnings for the operator (logged by the process entry). */
    warnings: Object.freeze(warnings),
  });
}

/**
 * The configuration schema. `describe` names fields the way the operator wrote them, in the checks across
 * fields and in the warnings.
 */
export function configSchema(describe: DescribeField) {
  return configFields
    .superRefine((value, context) => crossFieldChecks(value, context, describe), { when: () => true })
    .transform((value) => toConfig(value, describe));
}

/** The validated, frozen configuration of one proxy process. */
export type Config = z.output<ReturnType<typeof configSchema>>;
export type AppConfig = Config['apps'][number];
export type Timeouts = Config['timeouts'];

import type { AppMode } from './schema.ts';

export type { AppMode } from './schema.ts';

/** Request limits for one app, in machine units. */
export interface AppLimits {
  readonly windowMs: number;
  readonly requestsPerIp: number;
  readonly requestsPerVisitor: number;
  /** Concurrent generation requests (streams) one visitor may have open. */
  readonly streamsPerVisitor: number;
  /** Concurrent generation requests from one address (IPv6: one /56), whatever sessions they use. */
  readonly streamsPerIp: number;
  readonly maxBodyBytes: number;
  readonly maxQueryChars: number;
  readonly maxUploadBytes: number;
}

/** One Dify app served by the proxy. */
export interface AppConfig {
  readonly id: string;
  readonly apiKey: string;
  /** Dify base URL including `/v1`, without a trailing slash. */
  readonly apiUrl: string;
  /** Undefined: learned from Dify's `GET /info` on first use. */
  readonly mode: AppMode | undefined;
  readonly isDefault: boolean;
  readonly allowedOrigins: readonly string[];
  /** Inputs the proxy always sends; they win over anything the visitor or the identity sets. */
  readonly fixedInputs: Readonly<Record<string, unknown>>;
  /** Input names a visitor may set; undefined means any name. */
  readonly visitorInputs: readonly string[] | undefined;
  /** Whether `files[].transfer_method: "remote_url"` is forwarded (it makes Dify fetch a URL). */
  readonly allowRemoteFileUrls: boolean;
  readonly limits: AppLimits;
}

export interface SessionSettings {
  readonly ttlSeconds: number;
  /** How long after expiry a session token may still be renewed for the same visitor. */
  readonly renewalWindowSeconds: number;
  readonly mintPerIp: number;
  readonly mintWindowMs: number;
}

/** Upstream timeouts, all in milliseconds. */
export interface Timeouts {
  /** Time until Dify's response headers arrive (streams, reads). */
  readonly headersMs: number;
  /** Whole-response budget for blocking generation and uploads. */
  readonly blockingMs: number;
  /** Longest silence allowed inside a stream (Dify pings every 10 s) or inside any other answer's body. */
  readonly idleMs: number;
  /** Longest a single stream may run. */
  readonly streamMs: number;
  /** A comment line is sent when nothing was written for this long. */
  readonly heartbeatMs: number;
  readonly stopMs: number;
  /** After a visitor leaves before the task id is known, how long to keep reading to learn it. */
  readonly taskIdGraceMs: number;
}

/** The validated, frozen configuration of one proxy process. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly production: boolean;
  readonly demo: boolean;
  readonly sessionSecret: string;
  readonly identitySecret: string | undefined;
  readonly trustProxy: number | string | false;
  readonly redisUrl: string | undefined;
  readonly widgetDirectory: string;
  readonly apps: readonly AppConfig[];
  readonly defaultAppId: string | undefined;
  readonly session: SessionSettings;
  readonly timeouts: Timeouts;
  /** Start-up warnings for the operator (logged by the process entry). */
  readonly warnings: readonly string[];
}

import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Where JSON lines go; stdout by default. Tests pass a capturing stream. */
  destination?: DestinationStream;
  /** Values that must never appear in a log line (API keys, signing secrets). */
  secrets: readonly string[];
  level?: string;
}

/**
 * Creates the proxy's pino logger. Besides never logging keys, tokens or message text on purpose, every
 * line passes through a last filter that replaces any configured secret with `[redacted]`, so a mistake
 * elsewhere cannot leak the key into logs.
 */
export function createLogger(options: LoggerOptions): Logger {
  // Lines are JSON, so a secret holding `"`, `\` or control characters appears escaped: match that form too.
  const secrets = [
    ...new Set(options.secrets.filter((secret) => secret.length >= 8).flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)])),
  ];
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['authorization', 'headers.authorization', 'token', 'identity'], censor: '[redacted]' },
      hooks: {
        streamWrite(line) {
          let safe = line;
          for (const secret of secrets) if (safe.includes(secret)) safe = safe.split(secret).join('[redacted]');
          return safe;
        },
      },
    },
    options.destination ?? pino.destination(1),
  );
}

import { z } from 'zod';

/** The Dify app modes the proxy knows how to serve. */
export const appModes = ['chat', 'agent-chat', 'advanced-chat', 'completion', 'workflow'] as const;
export type AppMode = (typeof appModes)[number];

const wholeNumber = (minimum: number) =>
  z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(minimum, `must be at least ${minimum}`);

/** An origin exactly as a browser sends it in the `Origin` header: scheme, host, optional port. */
export function isExactOrigin(value: string): boolean {
  if (!/^https?:\/\//.test(value)) return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

const origin = z.string({ error: 'must be a string' }).superRefine((value, context) => {
  if (value === '*') {
    context.addIssue({
      code: 'custom',
      message:
        "'*' is refused: any site could embed the widget and spend your Dify credits; list the exact origins, e.g. https://www.example.com",
    });
  } else if (!isExactOrigin(value)) {
    context.addIssue({
      code: 'custom',
      message: `'${value}' is not an exact origin; write scheme, host and optional port with no path or trailing slash, e.g. https://www.example.com`,
    });
  }
});

const httpUrl = z.string({ error: 'must be a URL' }).refine(
  (value) => {
    try {
      const url = new URL(value);
      // No credentials, query or fragment: the URL is logged when Dify cannot be reached, and a query or
      // fragment would also break how request paths are appended to it.
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && !/[?#]/.test(value);
    } catch {
      return false;
    }
  },
  { message: 'must be an http(s) URL without credentials, query or fragment, e.g. https://api.dify.ai/v1' },
);

const apiKey = z
  .string({ error: 'must be a string' })
  .regex(/^app-\S+$/, "must be a Dify app API key starting with 'app-' (dataset keys do not work with app endpoints)");

const secret = z.string({ error: 'must be a string' }).min(32, 'must be at least 32 characters; generate one with `openssl rand -hex 32`');

const inputName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a Dify variable name (letters, digits, _)');

/** Per-app limits as written in the config file or environment (human units). */
export const limitsInputSchema = z.strictObject({
  windowSeconds: wholeNumber(1),
  requestsPerIp: wholeNumber(1),
  requestsPerVisitor: wholeNumber(1),
  streamsPerVisitor: wholeNumber(1),
  streamsPerIp: wholeNumber(1),
  maxBodyKb: wholeNumber(1),
  maxQueryChars: wholeNumber(1),
  maxUploadMb: wholeNumber(1),
});
export type LimitsInput = z.infer<typeof limitsInputSchema>;

export const appInputSchema = z.strictObject({
  id: z.string({ error: 'must be a string' }).regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and -'),
  apiKey,
  apiUrl: httpUrl.optional(),
  mode: z.enum(appModes, { error: `must be one of ${appModes.join(', ')}` }).optional(),
  default: z.boolean({ error: 'must be true or false' }).optional(),
  allowedOrigins: z.array(origin, { error: 'must be a list of origins' }).optional(),
  inputs: z.record(z.string(), z.unknown(), { error: 'must be a JSON object of input values' }).optional(),
  visitorInputs: z.array(inputName, { error: 'must be a list of input variable names' }).optional(),
  remoteFileUrls: z.boolean({ error: 'must be true or false' }).optional(),
  limits: limitsInputSchema.partial().optional(),
});
export type AppInput = z.infer<typeof appInputSchema>;

export const sessionInputSchema = z.strictObject({
  ttlSeconds: wholeNumber(60),
  renewalWindowDays: wholeNumber(0),
  mintPerIp: wholeNumber(1),
  mintWindowSeconds: wholeNumber(1),
});

export const timeoutsInputSchema = z.strictObject({
  headersTimeoutMs: wholeNumber(1),
  blockingTimeoutMs: wholeNumber(1),
  idleTimeoutMs: wholeNumber(1),
  streamTimeoutMs: wholeNumber(1),
  heartbeatMs: wholeNumber(1),
  stopTimeoutMs: wholeNumber(1),
  taskIdGraceMs: wholeNumber(0),
});

/**
 * Everything that configures the proxy, in one object: what `defineConfig` takes, what the environment
 * and the JSON config file are translated into. Units are in the key names.
 */
export const configInputSchema = z.strictObject({
  host: z.string({ error: 'must be a host name or address' }).min(1, 'must not be empty').optional(),
  port: wholeNumber(0).max(65535, 'must be at most 65535').optional(),
  production: z.boolean().optional(),
  demo: z.boolean().optional(),
  sessionSecret: secret.optional(),
  identitySecret: secret.optional(),
  trustProxy: z
    .union([wholeNumber(0), z.string().min(1), z.literal(false)], {
      error: 'must be a hop count (e.g. 1) or a list of proxy addresses / subnets',
    })
    .refine((value) => value !== 'true', {
      message:
        "'true' is refused: it trusts the left-most X-Forwarded-For entry, which any client can forge; set the number of proxies in front of this one, e.g. 1",
    })
    .optional(),
  redisUrl: z.string().optional(),
  widgetDirectory: z.string().min(1).optional(),
  apiUrl: httpUrl.optional(),
  allowedOrigins: z.array(origin, { error: 'must be a list of origins' }).optional(),
  limits: limitsInputSchema.partial().optional(),
  session: sessionInputSchema.partial().optional(),
  timeouts: timeoutsInputSchema.partial().optional(),
  apps: z.array(appInputSchema, { error: 'must be a list of apps' }),
});
export type ConfigInput = z.input<typeof configInputSchema>;
export type ParsedConfigInput = z.infer<typeof configInputSchema>;

/** The file format: the same keys minus those that only the environment sets (secrets, listen address). */
export const configFileSchema = configInputSchema.pick({
  apiUrl: true,
  allowedOrigins: true,
  limits: true,
  session: true,
  timeouts: true,
  apps: true,
});

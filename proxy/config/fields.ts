// What one configuration value may be; each message says what to write instead.
import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import type { AppFamily, AppMode } from '../../shared/dify-wire.ts';

export type { AppMode };

/** Every Dify app mode the proxy serves, and what it is to a visitor (which endpoints it opens). */
export const modeFamilies = {
  chat: 'chat',
  'agent-chat': 'chat',
  agent: 'chat',
  'advanced-chat': 'chat',
  completion: 'completion',
  workflow: 'workflow',
} as const satisfies Record<AppMode, AppFamily>;

export function isAppMode(value: unknown): value is AppMode {
  return typeof value === 'string' && Object.hasOwn(modeFamilies, value);
}

export const appModes: readonly AppMode[] = Object.keys(modeFamilies).filter(isAppMode);

export const wholeNumber = (minimum: number) =>
  z.number({ error: 'must be a whole number' }).int('must be a whole number').min(minimum, `must be at least ${minimum}`);

/** An origin exactly as a browser sends it in the `Origin` header: scheme, host, optional port. */
function isExactOrigin(value: string): boolean {
  if (!/^https?:\/\//.test(value)) return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

const origin = z
  .string({ error: 'must be a string' })
  .refine((value) => value !== '*', {
    abort: true,
    message:
      "'*' is refused: any site could embed the widget and spend your Dify credits; list the exact origins, e.g. https://www.example.com",
  })
  .refine(isExactOrigin, {
    error: (issue) =>
      `'${String(issue.input)}' is not an exact origin; write scheme, host and optional port with no path or trailing slash, e.g. https://www.example.com`,
  });
export const origins = z.array(origin, { error: 'must be a list of origins' });

/** A Dify base URL, without the trailing slash (request paths are appended to it). */
export const httpUrl = z
  .string({ error: 'must be a URL' })
  .refine(
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
  )
  .transform((value) => value.replace(/\/+$/, ''));

export const appId = z.string({ error: 'must be a string' }).regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and -');

export const apiKey = z
  .string({ error: 'must be a string' })
  .regex(/^app-\S+$/, "must be a Dify app API key starting with 'app-' (dataset keys do not work with app endpoints)");

export const appMode = z.enum(appModes, { error: `must be one of ${appModes.join(', ')}` });

export const secret = z
  .string({ error: 'must be a string' })
  .min(32, 'must be at least 32 characters; generate one with `openssl rand -hex 32`');

export const inputName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a Dify variable name (letters, digits, _)');

/** More proxies than this in front of one server is a misreading of the setting, and trusts hops a client can forge. */
const mostHops = 5;

/** Subnets wider than these trust a good part of the internet (0.0.0.0/1 and 128.0.0.0/1 together trust all of it). */
const narrowestPrefix = { ipv4: 8, ipv6: 16 };

/** The problem with one entry of an address list, checked with Express's own parser (proxy-addr); undefined when fine. */
function addressProblem(entry: string): string | undefined {
  const [address = '', prefix] = entry.split('/');
  const narrowest = address.includes(':') ? narrowestPrefix.ipv6 : narrowestPrefix.ipv4;
  if (prefix !== undefined && /^\d+$/.test(prefix) && Number(prefix) < narrowest) {
    return `'${entry}' trusts a large part of the internet; name the proxies' own addresses or subnets`;
  }
  try {
    proxyAddr.compile(entry);
    return undefined;
  } catch {
    return `'${entry}' is not an IP address, a subnet (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`;
  }
}

const forgeable =
  'trusts the left-most X-Forwarded-For entry, which any client can forge; set the number of proxies in front of this one, e.g. 1';

/** Express's `trust proxy`, limited to what can be right for a server on the internet. */
export const trustProxy = z
  .union([wholeNumber(0), z.string().min(1), z.literal(false)], {
    error: 'must be a hop count (e.g. 1) or a list of proxy addresses / subnets',
  })
  .superRefine((value, context) => {
    if (typeof value === 'number') {
      if (value > mostHops) context.addIssue({ code: 'custom', message: `at most ${mostHops} hops: ${value} ${forgeable}` });
      return;
    }
    if (value === false) return;
    if (value.trim().toLowerCase() === 'true') {
      context.addIssue({ code: 'custom', message: `'true' is refused: it ${forgeable}` });
      return;
    }
    for (const entry of value.split(',').map((part) => part.trim())) {
      const problem = addressProblem(entry);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    }
  });

export const flag = z.boolean({ error: 'must be true or false' });

/** The Redis server shared by several instances. Problems never quote the value: it may hold a password. */
export const redisUrl = z.string({ error: 'must be a redis:// or rediss:// URL' }).refine(
  (value) => {
    try {
      const url = new URL(value);
      // The client percent-decodes the user and password: a malformed escape would only fail at connect time.
      decodeURIComponent(url.username + url.password);
      return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
    } catch {
      return false;
    }
  },
  { message: 'must be a redis:// or rediss:// URL with a host, e.g. rediss://:password@redis.internal:6379/0' },
);

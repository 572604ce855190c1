import type { DifyErrorBody } from '../shared/dify-wire.ts';
import { difyErrorFields } from '../shared/json.ts';

// Every error the proxy itself produces has Dify's shape, so a client (the widget, the official SDK)
// handles one shape whether the error came from Dify or from the proxy.
export type { DifyErrorBody };
export { isRecord } from '../shared/json.ts';

/**
 * An error the proxy answers with on purpose: a status, a snake_case code in Dify's style and a message
 * that says what happened and what to do. Thrown (or passed to `next`) anywhere before response headers
 * are sent; the error middleware turns it into a JSON response.
 */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  readonly status: number;
  readonly code: string;
  /** Extra response headers, for example `Retry-After` or `WWW-Authenticate`. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  /** The JSON body for this error. */
  toBody(): DifyErrorBody {
    return { code: this.code, message: this.message, status: this.status };
  }
}

const unauthorizedHeaders = { 'WWW-Authenticate': 'Bearer realm="dify-widget"' };

/** A 401 carrying the `WWW-Authenticate` header Dify also sends. */
export function unauthorized(code: string, message: string): ProxyError {
  return new ProxyError(401, code, message, unauthorizedHeaders);
}

/** A string property of an unknown thrown value: the `code` of a jose, undici or Node error, jose's `claim`. */
export function stringProperty(value: unknown, name: 'code' | 'claim'): string | undefined {
  if (typeof value !== 'object' || value === null || !(name in value)) return undefined;
  const property: unknown = Reflect.get(value, name);
  return typeof property === 'string' ? property : undefined;
}

/** Parses a response body as Dify's error shape; undefined when it is not JSON of that shape. */
export function parseDifyErrorBody(text: string): DifyErrorBody | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { code, message, status } = difyErrorFields(value);
  return code === undefined || message === undefined || status === undefined ? undefined : { code, message, status };
}

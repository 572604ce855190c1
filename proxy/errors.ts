/**
 * Dify's error body. Every error the proxy itself produces has this shape, so a client (the widget, the
 * official SDK) handles one shape whether the error came from Dify or from the proxy.
 */
export interface DifyErrorBody {
  code: string;
  message: string;
  status: number;
}

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

/** Builds a Dify-shaped error body. */
export function difyError(status: number, code: string, message: string): DifyErrorBody {
  return { code, message, status };
}

const unauthorizedHeaders = { 'WWW-Authenticate': 'Bearer realm="dify-widget"' };

/** A 401 carrying the `WWW-Authenticate` header Dify also sends. */
export function unauthorized(code: string, message: string): ProxyError {
  return new ProxyError(401, code, message, unauthorizedHeaders);
}

/** True when a value is a JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Narrows an unknown JSON value to a Dify error body, if it is one. */
export function asDifyErrorBody(value: unknown): DifyErrorBody | undefined {
  if (!isRecord(value)) return undefined;
  const { code, message, status } = value;
  if (typeof code !== 'string' || typeof message !== 'string' || typeof status !== 'number') return undefined;
  return { code, message, status };
}

/** Reads and classifies a request body once, for both the request log and the route. */
import type { IncomingMessage } from 'node:http';
import { isJsonContentType, isMultipartContentType, readBodyBytes } from './http.ts';
import { readMultipart, type MultipartBody } from './multipart.ts';

export type ParsedBody =
  | { kind: 'none' }
  | { kind: 'json'; isJsonContentType: boolean; value: unknown }
  | { kind: 'invalid-json'; isJsonContentType: boolean }
  | { kind: 'multipart'; multipart: MultipartBody };

const jsonBodyLimitBytes = 20 * 1024 * 1024;

/** Reads the body: multipart through busboy, anything else as (possibly) JSON text. */
export async function readRequestBody(request: IncomingMessage, multipartKeepBytes: number): Promise<ParsedBody> {
  const contentType = request.headers['content-type'];
  if (isMultipartContentType(contentType)) {
    return { kind: 'multipart', multipart: await readMultipart(request, multipartKeepBytes) };
  }
  const { bytes } = await readBodyBytes(request, jsonBodyLimitBytes);
  const json = isJsonContentType(contentType);
  if (bytes.length === 0) return json ? { kind: 'invalid-json', isJsonContentType: true } : { kind: 'none' };
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return { kind: 'json', isJsonContentType: json, value };
  } catch {
    return { kind: 'invalid-json', isJsonContentType: json };
  }
}

/** What the request log shows as `body`. */
export function recordedBody(body: ParsedBody): unknown {
  if (body.kind === 'json') return body.value;
  if (body.kind !== 'multipart') return undefined;
  return {
    fields: body.multipart.fields,
    files: body.multipart.files.map(({ field, filename, mimeType, size }) => ({ field, filename, mimeType, size })),
  };
}

/** Small response and request helpers over node:http, in the shapes Flask gives Dify's responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DifyHttpError } from './errors.ts';
import { pythonJsonDumps } from './python-json.ts';

/** Writes a JSON response the way Flask-RESTX does (Python json.dumps text plus a newline). */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (response.headersSent || response.destroyed) return;
  const text = `${pythonJsonDumps(body)}\n`;
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/**
 * A blocking generate answer: Dify builds that Response itself (`compact_generate_response`), so it is
 * `application/json; charset=utf-8` with no trailing newline, unlike flask-restx bodies (captures 02, 51).
 */
export function sendGenerateJson(response: ServerResponse, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  const text = pythonJsonDumps(body);
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/** Writes a Dify error body with its status and headers. */
export function sendError(response: ServerResponse, error: DifyHttpError): void {
  sendJson(response, error.status, error.toBody(), error.headers);
}

/** 204 with no body, as DELETE /conversations/:id answers (still labelled JSON, capture 90). */
export function sendNoContent(response: ServerResponse): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(204, { 'Content-Type': 'application/json' });
  response.end();
}

/** werkzeug's `is_json`: application/json or application/*+json, any parameters. */
export function isJsonContentType(contentType: string | undefined): boolean {
  const mimeType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return mimeType === 'application/json' || (mimeType.startsWith('application/') && mimeType.endsWith('+json'));
}

/** True for multipart/form-data bodies. */
export function isMultipartContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith('multipart/form-data');
}

/** Reads a whole request body, keeping at most `limitBytes` (the rest is drained and only counted). */
export async function readBodyBytes(request: IncomingMessage, limitBytes: number): Promise<{ bytes: Buffer; totalBytes: number }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let totalBytes = 0;
  for await (const chunk of request) {
    if (!(chunk instanceof Buffer)) continue;
    totalBytes += chunk.length;
    if (kept >= limitBytes) continue;
    const room = limitBytes - kept;
    const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
    chunks.push(piece);
    kept += piece.length;
  }
  return { bytes: Buffer.concat(chunks), totalBytes };
}

/** The query string as a flat record (first value wins, as Flask's `request.args.get`). */
export function queryRecord(searchParams: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of searchParams) {
    if (!(key in record)) record[key] = value;
  }
  return record;
}

/** Epoch seconds, as every Dify `created_at`. */
export function epochSeconds(milliseconds: number = Date.now()): number {
  return Math.floor(milliseconds / 1000);
}

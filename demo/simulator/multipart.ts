/**
 * multipart/form-data bodies, read with busboy, plus a scan of the part headers for the two facts busboy
 * hides but Flask exposes: a file part without a Content-Type (busboy assumes text/plain) and a file part
 * with an empty filename (busboy treats it as a field).
 */
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { readBodyBytes } from './http.ts';

export interface MultipartFile {
  field: string;
  /** '' when the part named no filename. */
  filename: string;
  /** '' when the part had no Content-Type header. */
  mimeType: string;
  size: number;
  bytes: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: MultipartFile[];
  /** True when the body was larger than what the simulator keeps; the last file's size is then a lower bound. */
  truncated: boolean;
}

interface PartHeader {
  name: string;
  filename: string | undefined;
  contentType: string;
}

function boundaryOf(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function scanPartHeaders(raw: Buffer, boundary: string): PartHeader[] {
  const text = raw.toString('latin1');
  const delimiter = `--${boundary}\r\n`;
  const headers: PartHeader[] = [];
  let index = text.indexOf(delimiter);
  while (index >= 0) {
    const start = index + delimiter.length;
    const end = text.indexOf('\r\n\r\n', start);
    if (end < 0) break;
    const block = text.slice(start, end);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(block)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
    const filename = /\bfilename\*?="?([^";]*)"?/i.exec(disposition)?.[1];
    const contentType = /content-type:\s*([^\r\n;]*)/i.exec(block)?.[1]?.trim() ?? '';
    headers.push({ name, filename: filename === undefined ? undefined : Buffer.from(filename, 'latin1').toString('utf8'), contentType });
    index = text.indexOf(`\r\n${delimiter}`, end);
    if (index >= 0) index += 2;
  }
  return headers;
}

/** Parses a multipart body, keeping at most `keepBytes` of it. */
export async function readMultipart(request: IncomingMessage, keepBytes: number): Promise<MultipartBody> {
  const { bytes: raw, totalBytes: total } = await readBodyBytes(request, keepBytes);
  const truncated = total > raw.length;
  const boundary = boundaryOf(request.headers['content-type'] ?? '');
  const fields: Record<string, string> = {};
  const files: MultipartFile[] = [];
  if (boundary === undefined) return { fields, files, truncated };
  const headers = scanPartHeaders(raw, boundary);
  const collected = await parseWithBusboy(request, raw);
  let fieldIndex = 0;
  let fileIndex = 0;
  for (const header of headers) {
    const isFile = header.filename !== undefined;
    const parsed = busboyTreatsAsFile(header) ? collected.files[fileIndex++] : collected.fields[fieldIndex++];
    if (!isFile) {
      if (parsed !== undefined && 'value' in parsed && !(header.name in fields)) fields[header.name] = parsed.value;
      continue;
    }
    const bytes = parsed !== undefined && 'bytes' in parsed ? parsed.bytes : Buffer.from(parsed?.value ?? '', 'utf8');
    files.push({ field: header.name, filename: header.filename ?? '', mimeType: header.contentType, size: bytes.length, bytes });
  }
  const last = files.at(-1);
  // Only a body far over every limit is truncated, so its size is close enough to the file's.
  if (truncated && last !== undefined) last.size = Math.max(last.size, total);
  return { fields, files, truncated };
}

function busboyTreatsAsFile(header: PartHeader): boolean {
  return (header.filename !== undefined && header.filename !== '') || header.contentType.toLowerCase() === 'application/octet-stream';
}

interface Collected {
  fields: { value: string }[];
  files: { bytes: Buffer }[];
}

function parseWithBusboy(request: IncomingMessage, raw: Buffer): Promise<Collected> {
  const fields: { value: string }[] = [];
  const fileChunks: Buffer[][] = [];
  const collected = (): Collected => ({ fields, files: fileChunks.map((chunks) => ({ bytes: Buffer.concat(chunks) })) });
  return new Promise((resolve) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, preservePath: true });
    } catch {
      resolve(collected());
      return;
    }
    parser.on('field', (_name, value) => fields.push({ value }));
    parser.on('file', (_name, stream) => {
      const chunks: Buffer[] = [];
      fileChunks.push(chunks);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    });
    parser.on('close', () => resolve(collected()));
    // A truncated body ends in a parse error; what was read so far is still useful.
    parser.on('error', () => resolve(collected()));
    parser.end(raw);
  });
}

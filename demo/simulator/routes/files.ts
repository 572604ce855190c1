/** POST /files/upload, GET /files/:id/preview, and the signed URL Dify hands out for uploaded files. */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { PublicRoute } from '../dispatch.ts';
import { DifyHttpError } from '../errors.ts';
import { epochSeconds, sendError, sendJson } from '../http.ts';
import { signedFileUrl } from '../payload.ts';
import { pathPattern, uuidSegment, type Route } from '../route.ts';
import type { RequestContext, SimulatorRuntime } from '../runtime.ts';
import type { UploadedFile } from '../store.ts';
import { checkUpload } from '../upload-rules.ts';
import { originOf } from './origin.ts';

async function upload(context: RequestContext): Promise<void> {
  const { runtime, app, endUser } = context;
  const { file, name, extension } = checkUpload(context.multipart, runtime.limitsMb);
  // A slow Dify (tests of a client's upload progress and cancel): the file is stored only after the wait.
  if (runtime.uploadDelayMs > 0) {
    let clientLeft = false;
    context.response.once('close', () => (clientLeft = true));
    await new Promise((resolve) => setTimeout(resolve, runtime.uploadDelayMs));
    if (clientLeft) return;
  }
  const stored: UploadedFile = {
    id: randomUUID(),
    appKey: app.key,
    name,
    size: file.size,
    extension,
    mimeType: file.mimeType,
    createdBy: endUser.id,
    createdAt: epochSeconds(),
    bytes: file.bytes,
  };
  runtime.store.addFile(stored);
  sendJson(context.response, 201, {
    id: stored.id,
    name: stored.name,
    size: stored.size,
    extension: stored.extension,
    mime_type: stored.mimeType,
    created_by: stored.createdBy,
    created_at: stored.createdAt,
    preview_url: null,
    source_url: signedFileUrl(originOf(context.request), stored.id),
    original_url: null,
    user_id: null,
    tenant_id: null,
    conversation_id: null,
    file_key: null,
  });
}

function sendFile(response: ServerResponse, file: UploadedFile, asAttachment: boolean): void {
  const headers: Record<string, string | number> = {
    'Content-Type': asAttachment ? 'application/octet-stream' : file.mimeType,
    'Content-Length': file.bytes.length,
    'Cache-Control': 'public, max-age=3600',
  };
  if (asAttachment) headers['Content-Disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`;
  response.writeHead(200, headers);
  response.end(file.bytes);
}

function preview(context: RequestContext): void {
  const { runtime, app, params, query } = context;
  const fileId = (params['fileId'] ?? '').toLowerCase();
  const file = runtime.store.fileById(fileId);
  const attachingApps = runtime.store.appsAttaching(fileId);
  if (file === undefined || attachingApps.size === 0) throw new DifyHttpError(404, 'file_not_found', 'File not found.');
  if (!attachingApps.has(app.key)) throw new DifyHttpError(403, 'file_access_denied', 'File access denied.');
  sendFile(context.response, file, query['as_attachment'] === 'true');
}

function signedPreview(runtime: SimulatorRuntime, response: ServerResponse, params: Record<string, string>): void {
  const file = runtime.store.fileById((params['fileId'] ?? '').toLowerCase());
  if (file === undefined) {
    sendError(response, new DifyHttpError(404, 'not_found', 'File not found'));
    return;
  }
  sendFile(response, file, false);
}

export const fileRoutes: Route[] = [
  { method: 'POST', path: pathPattern('/files/upload'), user: { from: 'form', required: false }, handle: upload },
  {
    method: 'GET',
    path: pathPattern('/files/:fileId(uuid)/preview'),
    user: { from: 'query', required: false },
    handle: preview,
  },
];

export const filePublicRoutes: PublicRoute[] = [
  { path: new RegExp(`^/files/(?<fileId>${uuidSegment})/file-preview$`), handle: signedPreview },
];

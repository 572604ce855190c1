/** Dify's upload checks, in Dify's order, over a parsed multipart body (pure). */
import { DifyHttpError, invalidParam } from './errors.ts';
import type { SizeLimitsMb } from './fixtures.ts';
import type { MultipartBody, MultipartFile } from './multipart.ts';

const megabyte = 1024 * 1024;
const imageExtensions = new Set(['jpg', 'jpeg', 'png', 'webp', 'gif', 'svg']);
const videoExtensions = new Set(['mp4', 'mov', 'mpeg', 'webm']);
const audioExtensions = new Set(['mp3', 'm4a', 'wav', 'amr', 'mpga']);

export interface AcceptedUpload {
  file: MultipartFile;
  name: string;
  extension: string;
}

/** The extension after the last dot, lower-cased ('' when there is none). */
function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
}

/** The size limit in bytes for a file's extension group. */
function sizeLimitBytes(extension: string, limits: SizeLimitsMb): number {
  if (imageExtensions.has(extension)) return limits.image * megabyte;
  if (videoExtensions.has(extension)) return 100 * megabyte;
  if (audioExtensions.has(extension)) return 50 * megabyte;
  return limits.other * megabyte;
}

/** Accepts exactly one `file` part or throws the error Dify gives. */
export function checkUpload(body: MultipartBody | undefined, limits: SizeLimitsMb): AcceptedUpload {
  const files = body?.files ?? [];
  const file = files.find((part) => part.field === 'file');
  if (file === undefined) throw new DifyHttpError(400, 'no_file_uploaded', 'Please upload your file.');
  if (files.length > 1) throw new DifyHttpError(400, 'too_many_files', 'Only one file is allowed.');
  if (file.mimeType === '') throw new DifyHttpError(415, 'unsupported_file_type', 'File type not allowed.');
  if (file.filename === '') {
    throw new DifyHttpError(400, 'filename_not_exists_error', 'The specified filename does not exist.');
  }
  if (/[/\\:*?"<>|]/.test(file.filename)) throw invalidParam('Filename contains invalid characters');
  const extension = extensionOf(file.filename);
  const name = file.filename.length > 200 ? `${file.filename.split('.')[0]?.slice(0, 200) ?? ''}.${extension}` : file.filename;
  const limit = sizeLimitBytes(extension, limits);
  if (file.size > limit) {
    throw new DifyHttpError(413, 'file_too_large', `File size exceeded. ${file.size} > ${limit}`);
  }
  return { file, name, extension };
}

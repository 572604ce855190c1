import { isRecord, readNumber, readString } from '../core/guards.ts';
import { difyFileUrl } from './dify-file-url.ts';

/** One file of an answer, ready to show: an image inline, anything else as a download link. */
export interface AnswerFile {
  url: string;
  name: string;
  image: boolean;
  /** Bytes, when Dify said. */
  size?: number;
}

/**
 * Narrows the files an answer carries raw in its metadata: a chatflow's `message_end.files` (Dify's file
 * objects: `id, type, transfer_method, related_id, filename, extension, mime_type, size, url`…) or, read back,
 * `/messages` `message_files` (`id, filename, type, url, mime_type, size, transfer_method, belongs_to…`, §6.1).
 * Both have `type`, `filename`, `mime_type`, `size` and `url`; a file without a Dify file URL is dropped, and
 * each URL shows once.
 */
export function readAnswerFiles(raw: unknown): AnswerFile[] {
  const files: AnswerFile[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    if (!isRecord(entry) || readString(entry, 'belongs_to') === 'user') continue;
    const url = difyFileUrl(readString(entry, 'url'));
    if (!url || files.some((file) => file.url === url)) continue;
    const name = readString(entry, 'filename') || decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    const image = readString(entry, 'type') === 'image' || (readString(entry, 'mime_type') ?? '').startsWith('image/');
    const size = readNumber(entry, 'size');
    files.push(size !== undefined && size >= 0 ? { url, name, image, size } : { url, name, image });
  }
  return files;
}

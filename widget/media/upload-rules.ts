import { readNumber, readRecord, readStrings, type JsonRecord } from '../core/guards.ts';

/** Dify's file types (dify-api.md §4.1); `custom` is any file whose extension the app lists itself. */
export type FileKind = 'image' | 'document' | 'audio' | 'video' | 'custom';

/** What the app lets a visitor attach to a chat message, from `/parameters.file_upload` (§10.1). */
export interface UploadRules {
  kinds: FileKind[];
  /** The app's own extensions (`.md` → `md`, lower case), for `custom` files. */
  extensions: string[];
  /** Files per message (`number_limits`). */
  maxFiles: number;
  /** Upload size limits by type in bytes (`system_parameters`, MB in Dify). */
  maxBytes: Record<FileKind, number>;
}

/** Dify's extension groups (`api/constants/__init__.py`, §4.1). */
const extensionGroups: Record<Exclude<FileKind, 'custom'>, readonly string[]> = {
  image: ['jpg', 'jpeg', 'png', 'webp', 'gif', 'svg'],
  video: ['mp4', 'mov', 'mpeg', 'webm'],
  audio: ['mp3', 'm4a', 'wav', 'amr', 'mpga'],
  document: ['txt', 'markdown', 'md', 'mdx', 'pdf', 'html', 'htm', 'xlsx', 'xls', 'docx', 'csv', 'vtt', 'properties'],
};

const fileKinds: readonly string[] = ['image', 'document', 'audio', 'video', 'custom'];
const megabyte = 1024 * 1024;

/** The extension after the last dot, lower case ('' when there is none). */
function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The Dify group of an extension, or undefined for one outside the groups. */
function groupOf(extension: string): Exclude<FileKind, 'custom'> | undefined {
  return (Object.keys(extensionGroups) as Exclude<FileKind, 'custom'>[]).find((kind) => extensionGroups[kind].includes(extension));
}

function sizeLimits(parameters: JsonRecord): Record<FileKind, number> {
  const system = readRecord(parameters, 'system_parameters') ?? {};
  // Old releases sent the image limit as a string (§10.1).
  const mb = (key: string, fallback: number) => (Number(system[key]) > 0 ? Number(system[key]) : fallback) * megabyte;
  const other = mb('file_size_limit', 15);
  return {
    image: mb('image_file_size_limit', 10),
    video: mb('video_file_size_limit', 100),
    audio: mb('audio_file_size_limit', 50),
    document: other,
    custom: other,
  };
}

/**
 * The upload rules, or undefined when the app takes no uploaded files: the feature is off, or it allows
 * only `remote_url` (the widget uploads; it never asks Dify to fetch a visitor's URL). Newer releases send
 * `enabled` and `allowed_*`; an app whose feature was never configured has only the legacy `image` block.
 */
export function readUploadRules(parameters: JsonRecord): UploadRules | undefined {
  const upload = readRecord(parameters, 'file_upload') ?? {};
  const legacyImage = readRecord(upload, 'image') ?? {};
  const current = upload['enabled'] === true;
  if (!current && legacyImage['enabled'] !== true) return undefined;
  const methods = current ? readStrings(upload, 'allowed_file_upload_methods') : readStrings(legacyImage, 'transfer_methods');
  if (!methods.includes('local_file')) return undefined;
  const kinds = current
    ? readStrings(upload, 'allowed_file_types').filter((kind): kind is FileKind => fileKinds.includes(kind))
    : ['image' as const];
  const limit = readNumber(current ? upload : legacyImage, 'number_limits');
  return {
    kinds,
    extensions: readStrings(upload, 'allowed_file_extensions').map((extension) => extension.replace(/^\./, '').toLowerCase()),
    maxFiles: limit !== undefined && limit > 0 ? limit : 3,
    maxBytes: sizeLimits(parameters),
  };
}

/** Why a file is refused before it is uploaded. */
export type FileRefusal = { reason: 'type' } | { reason: 'size'; limitMb: number } | { reason: 'count'; limit: number };

/**
 * The Dify type a file is sent as, or why it cannot be attached: its type is not one the app takes,
 * it is over the upload limit of its group, or the message already has `attached` of `maxFiles`.
 */
export function classifyFile(file: { name: string; size: number }, rules: UploadRules, attached: number): { kind: FileKind } | FileRefusal {
  if (attached >= rules.maxFiles) return { reason: 'count', limit: rules.maxFiles };
  const extension = extensionOf(file.name);
  const group = groupOf(extension);
  const kind: FileKind | undefined =
    group !== undefined && rules.kinds.includes(group)
      ? group
      : rules.kinds.includes('custom') && rules.extensions.includes(extension)
        ? 'custom'
        : undefined;
  if (kind === undefined) return { reason: 'type' };
  // The upload's own limit follows the extension's group, whatever type the file is sent as (§8.1).
  const limit = rules.maxBytes[group ?? 'custom'];
  if (file.size > limit) return { reason: 'size', limitMb: Math.round(limit / megabyte) };
  return { kind };
}

/** The file picker's `accept` list: every extension the app takes. */
export function acceptList(rules: UploadRules): string {
  const extensions = rules.kinds.flatMap((kind) => (kind === 'custom' ? rules.extensions : extensionGroups[kind]));
  return [...new Set(extensions)].map((extension) => `.${extension}`).join(',');
}

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
  /** How files may reach Dify: `local_file` (uploaded here), `remote_url` (a link Dify fetches, when the proxy allows it). */
  methods: string[];
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

const kindsIn = (config: JsonRecord) =>
  readStrings(config, 'allowed_file_types').filter((kind): kind is FileKind => fileKinds.includes(kind));
const extensionsIn = (config: JsonRecord) =>
  readStrings(config, 'allowed_file_extensions').map((extension) => extension.replace(/^\./, '').toLowerCase());
const positive = (value: number | undefined) => (value !== undefined && value > 0 ? value : undefined);

/**
 * The upload rules of chat messages, or undefined when the app takes no files: the feature is off, or it
 * names no method the widget knows. Newer releases send `enabled` and `allowed_*` (dify-api.md §10.1);
 * an app whose feature was never configured has only the legacy `image` block (`transfer_methods`).
 */
export function readUploadRules(parameters: JsonRecord): UploadRules | undefined {
  const upload = readRecord(parameters, 'file_upload') ?? {};
  const legacyImage = readRecord(upload, 'image') ?? {};
  const current = upload['enabled'] === true;
  if (!current && legacyImage['enabled'] !== true) return undefined;
  const methods = current ? readStrings(upload, 'allowed_file_upload_methods') : readStrings(legacyImage, 'transfer_methods');
  if (!methods.some((method) => method === 'local_file' || method === 'remote_url')) return undefined;
  return {
    kinds: current ? kindsIn(upload) : ['image'],
    extensions: extensionsIn(upload),
    maxFiles: positive(readNumber(current ? upload : legacyImage, 'number_limits')) ?? 3,
    maxBytes: sizeLimits(parameters),
    methods,
  };
}

/**
 * The rules of a `file` or `file-list` input (`user_input_form`, §10.1): its own types, extensions and
 * methods (none listed means any, as Dify checks only listed ones), one file, or a list's `max_length`
 * (else the workflow limit `system_parameters.workflow_file_upload_limit`).
 */
export function fieldUploadRules(config: JsonRecord, list: boolean, parameters: JsonRecord): UploadRules {
  const kinds = kindsIn(config);
  const methods = readStrings(config, 'allowed_file_upload_methods');
  const listLimit =
    positive(readNumber(config, 'max_length')) ??
    positive(readNumber(readRecord(parameters, 'system_parameters') ?? {}, 'workflow_file_upload_limit'));
  return {
    kinds: kinds.length > 0 ? kinds : ['image', 'document', 'audio', 'video'],
    extensions: extensionsIn(config),
    maxFiles: list ? (listLimit ?? 10) : 1,
    maxBytes: sizeLimits(parameters),
    methods: methods.length > 0 ? methods : ['local_file', 'remote_url'],
  };
}

/** Why a file is refused before it is uploaded (`link`: not an https link the proxy would pass). */
export type FileRefusal = { reason: 'type' | 'link' } | { reason: 'size'; limitMb: number } | { reason: 'count'; limit: number };

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

/** Whether the proxy forwards `remote_url` files, as its last response said (proxy/routes/api.ts). */
export const proxyTakesLinks = (client: { headers: Headers | undefined }) => client.headers?.has('dify-widget-remote-file-urls') === true;

/** The proxy's limit on a `remote_url` (proxy/routes/bodies.ts). */
const maxLinkChars = 2048;

/**
 * A link a visitor pasted, as the `url` of a `remote_url` file, with the type it is sent as: only https
 * (Dify fetches it from the server), at most 2048 characters, and of a type the app takes by its path's
 * extension. Without an extension the type cannot be known here: it is sent as the app's first type.
 */
export function classifyLink(text: string, rules: UploadRules, attached: number): { kind: FileKind; url: string } | FileRefusal {
  let url: URL | undefined;
  try {
    url = new URL(text.trim());
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' || url.href.length > maxLinkChars) return { reason: 'link' };
  const name = url.pathname.split('/').pop() ?? '';
  const verdict: { kind: FileKind } | FileRefusal =
    extensionOf(name) === '' && attached < rules.maxFiles
      ? { kind: rules.kinds.find((kind) => kind !== 'custom') ?? 'custom' }
      : classifyFile({ name, size: 0 }, rules, attached);
  return 'reason' in verdict ? verdict : { kind: verdict.kind, url: url.href };
}

/** The file picker's `accept` list: every extension the app takes. */
export function acceptList(rules: UploadRules): string {
  const extensions = rules.kinds.flatMap((kind) => (kind === 'custom' ? rules.extensions : extensionGroups[kind]));
  return [...new Set(extensions)].map((extension) => `.${extension}`).join(',');
}

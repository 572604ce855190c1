import { isRecord } from '../../shared/json.ts';
/** Checks of generate-request bodies as Dify's pydantic payload models make them (pure). */
import { invalidParam } from './errors.ts';
import { isValidMapping } from './file-mapping.ts';
import { acceptsFiles, allowedFileTypes, fileNumberLimit } from './fixtures.ts';
import { missingField, validationError } from './pydantic.ts';
import { uuidPattern } from './ids.ts';
import type { MessageFile, SimulatorStore } from './store.ts';
import type { SimulatedApp } from './types.ts';

/** `inputs: dict[str, Any]`, required. */
export function requireInputs(model: string, body: Record<string, unknown>): Record<string, unknown> {
  if (!('inputs' in body)) throw missingField(model, 'inputs', body);
  const inputs = body['inputs'];
  if (!isRecord(inputs)) {
    throw validationError(model, { field: 'inputs', detail: 'Input should be a valid dictionary', kind: 'dict_type', input: inputs });
  }
  return inputs;
}

/** `query: str` (required for chat, default '' for completion). */
export function readQuery(model: string, body: Record<string, unknown>, required: boolean): string {
  if (!('query' in body) || body['query'] === undefined) {
    if (required) throw missingField(model, 'query', body);
    return '';
  }
  const query = body['query'];
  if (typeof query !== 'string') {
    throw validationError(model, { field: 'query', detail: 'Input should be a valid string', kind: 'string_type', input: query });
  }
  return query;
}

/**
 * `response_mode: Literal["blocking", "streaming"] | None`; true when streaming. Null means blocking, except
 * for `agent` apps, which default to streaming (§4.1).
 */
export function readStreaming(model: string, body: Record<string, unknown>, nullMeansStreaming = false): boolean {
  const mode = body['response_mode'];
  if (mode === undefined || mode === null) return nullMeansStreaming;
  if (mode === 'blocking') return false;
  if (mode === 'streaming') return true;
  throw validationError(model, {
    field: 'response_mode',
    detail: "Input should be 'blocking' or 'streaming'",
    kind: 'literal_error',
    input: mode,
  });
}

/** `conversation_id`: blank means a new conversation; anything else must be a UUID. */
export function readConversationId(model: string, body: Record<string, unknown>): string | undefined {
  const value = body['conversation_id'];
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value.trim() : value;
  if (text === '') return undefined;
  if (typeof text !== 'string' || !uuidPattern.test(text)) {
    throw validationError(model, {
      field: 'conversation_id',
      detail: 'Value error, conversation_id must be a valid UUID',
      kind: 'value_error',
      input: value,
    });
  }
  return text.toLowerCase();
}

/** `auto_generate_name: bool = True`, with pydantic's lax booleans. */
export function readAutoGenerateName(model: string, body: Record<string, unknown>): boolean {
  const value = body['auto_generate_name'];
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string' && ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(value.toLowerCase())) {
    return ['true', '1', 'yes', 'on'].includes(value.toLowerCase());
  }
  throw validationError(model, {
    field: 'auto_generate_name',
    detail: 'Input should be a valid boolean',
    kind: 'bool_type',
    input: value,
  });
}

/** `files: list[dict] | None`, then Dify's file factory for apps with uploads; silently dropped elsewhere. */
export function readFiles(
  model: string,
  body: Record<string, unknown>,
  app: SimulatedApp,
  store: SimulatorStore,
  baseUrl: string,
): MessageFile[] {
  const value = body['files'];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isRecord)) {
    throw validationError(model, { field: 'files', detail: 'Input should be a valid list', kind: 'list_type', input: value });
  }
  if (!acceptsFiles(app)) return [];
  const mappings = value.filter(isRecord).filter(isValidMapping);
  if (mappings.filter((mapping) => mapping['type'] === 'image').length > fileNumberLimit) {
    throw invalidParam(`Number of image files exceeds the maximum limit ${fileNumberLimit}`);
  }
  if (mappings.length > fileNumberLimit) throw invalidParam(`Number of files exceeds the maximum limit ${fileNumberLimit}`);
  return mappings.map((mapping) => fileFromMapping(mapping, app, store, baseUrl));
}

/**
 * The upload check runs on `mapping.get("type") or "custom"` (§4.1): a file of a type the app does not allow
 * is refused, and so is a mapping without `type` on an app without custom files (1.13: a custom file must
 * have one of the app's custom extensions, none here; main: `custom` must be an allowed type).
 */
function checkFileType(mapping: Record<string, unknown>, filename: string, app: SimulatedApp): void {
  const declared = typeof mapping['type'] === 'string' && mapping['type'] !== '' ? mapping['type'] : 'custom';
  if (!allowedFileTypes(app).includes(declared)) throw invalidParam(`File validation failed for file: ${filename}`);
}

function fileFromMapping(mapping: Record<string, unknown>, app: SimulatedApp, store: SimulatorStore, baseUrl: string): MessageFile {
  const file = resolveMapping(mapping, app, store, baseUrl);
  checkFileType(mapping, file.filename, app);
  return file;
}

/**
 * The file a mapping names, with `build_from_mapping`'s errors (§4.1) but not its config check, which the
 * caller makes: the app's `file_upload` for `files[]`, the field's own for a file input.
 */
export function resolveMapping(mapping: Record<string, unknown>, app: SimulatedApp, store: SimulatorStore, baseUrl: string): MessageFile {
  const method = mapping['transfer_method'];
  if (method === 'remote_url') {
    const url = mapping['url'] ?? mapping['remote_url'];
    if (typeof url !== 'string' || url === '') throw invalidParam('Invalid file url');
    const filename = url.split('/').pop()?.split('?')[0] ?? 'remote-file';
    return {
      id: crypto.randomUUID(),
      filename,
      type: 'image',
      url,
      mime_type: '',
      size: -1,
      transfer_method: 'remote_url',
      belongs_to: 'user',
      upload_file_id: null,
    };
  }
  if (method !== 'local_file') throw invalidParam(`Invalid transfer method: ${String(method)}`);
  const uploadFileId = mapping['upload_file_id'];
  if (typeof uploadFileId !== 'string' || uploadFileId === '') throw invalidParam('Invalid upload file id');
  if (!uuidPattern.test(uploadFileId)) throw invalidParam('Invalid upload file id format');
  const file = store.fileOfApp(app.key, uploadFileId.toLowerCase());
  if (file === undefined) throw invalidParam('Invalid upload file');
  return {
    id: crypto.randomUUID(),
    filename: file.name,
    type: file.mimeType.startsWith('image/') ? 'image' : 'document',
    url: signedFileUrl(baseUrl, file.id),
    mime_type: file.mimeType,
    size: file.size,
    transfer_method: 'local_file',
    belongs_to: 'user',
    upload_file_id: file.id,
  };
}

/** A signed URL to an uploaded file, as Dify puts in `message_files[].url` (served without the API key). */
export function signedFileUrl(baseUrl: string, fileId: string): string {
  const timestamp = Math.floor(Date.now() / 1000);
  return `${baseUrl}/files/${fileId}/file-preview?timestamp=${timestamp}&nonce=${crypto.randomUUID().replace(/-/g, '')}&sign=simulated`;
}

import type { Signal } from '@preact/signals';
import { isAbortError, ProblemError } from '../core/http.ts';
import { classifyFile, type FileKind, type FileRefusal, type UploadRules } from './upload-rules.ts';
import { uploadFile, type MediaTransport } from './transport.ts';

/**
 * A Dify file mapping for a message or a file input (dify-api.md §4.1); `type` always, as Dify checks files
 * without one as `custom`.
 */
type FileMapping = { type: FileKind } & (
  { transfer_method: 'local_file'; upload_file_id: string } | { transfer_method: 'remote_url'; url: string }
);

/** A file in the composer or a file input: uploading (`progress` 0 to 1) until `file` is set; a link has no `blob`. */
export interface Attachment {
  key: string;
  name: string;
  size: number;
  blob?: File;
  kind: FileKind;
  progress: number;
  file?: FileMapping;
  /** Cancels the upload (or drops the uploaded file from the message). */
  remove(): void;
}

/** Why a file was not attached: refused by the app's limits, or its upload failed. */
export type AttachProblem = { name: string } & (FileRefusal | { reason: 'failed'; code: string });

export interface AttachOptions {
  list: Signal<readonly Attachment[]>;
  rules: UploadRules;
  transport: MediaTransport;
  onProblem: (problem: AttachProblem) => void;
}

let attachmentCounter = 0;

/** An entry of the list, and the function that takes it out again. */
function addEntry(list: Signal<readonly Attachment[]>, entry: Omit<Attachment, 'key' | 'remove'>, onRemove?: () => void): string {
  attachmentCounter += 1;
  const key = `file-${attachmentCounter}`;
  const remove = () => {
    onRemove?.();
    list.value = list.peek().filter((item) => item.key !== key);
  };
  list.value = [...list.peek(), { ...entry, key, remove }];
  return key;
}

/** Adds a checked link (upload-rules.ts classifyLink) as a `remote_url` file: nothing to upload, Dify fetches it. */
export function attachLink(list: Signal<readonly Attachment[]>, link: { kind: FileKind; url: string }): void {
  const url = new URL(link.url);
  let name = url.pathname.split('/').pop() || url.hostname;
  try {
    name = decodeURIComponent(name);
  } catch {
    // A stray `%`: the name as it is in the link.
  }
  addEntry(list, { name, size: 0, kind: link.kind, progress: 1, file: { type: link.kind, transfer_method: 'remote_url', url: link.url } });
}

/**
 * Uploads running at once: the proxy lets a visitor stream two (429 `too_many_concurrent_uploads` for a
 * third), so the rest wait their turn, in order.
 */
const uploadsAtOnce = 2;
let running = 0;
const waiting: (() => void)[] = [];

function takeTurn(): Promise<void> {
  if (running < uploadsAtOnce) {
    running += 1;
    return Promise.resolve();
  }
  return new Promise((resolve) => waiting.push(resolve));
}

function endTurn(): void {
  const next = waiting.shift();
  if (next) next();
  else running -= 1;
}

/** Replaces the attachment `key` in the list with `change` applied, if it is still there. */
function update(list: Signal<readonly Attachment[]>, key: string, change: Partial<Attachment>): void {
  list.value = list.peek().map((item) => (item.key === key ? { ...item, ...change } : item));
}

/** Uploads one accepted file when its turn comes, keeping its entry in the list up to date (dropped if it fails). */
async function uploadInTurn(
  blob: File,
  kind: FileKind,
  key: string,
  options: AttachOptions,
  cancelled: { now: boolean; cancel?: () => void },
) {
  const { list, transport, onProblem } = options;
  await takeTurn();
  try {
    if (cancelled.now) return;
    const upload = uploadFile(transport, blob, (progress) => update(list, key, { progress }));
    cancelled.cancel = upload.cancel;
    const id = await upload.done;
    update(list, key, { progress: 1, file: { type: kind, transfer_method: 'local_file', upload_file_id: id } });
  } catch (error) {
    if (isAbortError(error) || cancelled.now) return;
    list.value = list.peek().filter((item) => item.key !== key);
    onProblem({ name: blob.name, reason: 'failed', code: error instanceof ProblemError ? error.problem.code : 'upload_failed' });
  } finally {
    endTurn();
  }
}

/**
 * Checks each file against the app's type, size and count limits before anything is sent, then
 * uploads the accepted ones through the proxy, each with its progress in the list.
 */
export function attachFiles(files: Iterable<File>, options: AttachOptions): void {
  const { list, rules, onProblem } = options;
  for (const blob of files) {
    const verdict = classifyFile(blob, rules, list.peek().length);
    if ('reason' in verdict) {
      onProblem({ name: blob.name, ...verdict });
      continue;
    }
    const cancelled: { now: boolean; cancel?: () => void } = { now: false };
    const key = addEntry(list, { name: blob.name, size: blob.size, blob, kind: verdict.kind, progress: 0 }, () => {
      cancelled.now = true;
      cancelled.cancel?.();
    });
    void uploadInTurn(blob, verdict.kind, key, options, cancelled);
  }
}

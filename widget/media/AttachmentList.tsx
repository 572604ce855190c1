import type { Signal } from '@preact/signals';
import type { Ref } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { catalogue, language } from '../i18n/catalogue.ts';
import { pickStrings } from '../i18n/feature-strings.ts';
import type { AttachProblem, Attachment } from './attachments.ts';
import { fileStrings } from './file-strings.ts';
import { MediaIcon } from './MediaIcon.tsx';
import { mediaStrings } from './strings.ts';

/** What went wrong with a file, in words; `countText` says the count limit where it is not a message's. */
export function problemText(problem: AttachProblem, countText?: (limit: number) => string): string {
  const strings = mediaStrings();
  const reason =
    problem.reason === 'type'
      ? strings.refusedType
      : problem.reason === 'size'
        ? strings.refusedSize(problem.limitMb)
        : problem.reason === 'count'
          ? (countText ?? strings.refusedCount)(problem.limit)
          : problem.reason === 'link'
            ? pickStrings(fileStrings).badLink
            : strings.uploadFailed;
  return catalogue.value.labelled(problem.name) + reason;
}

function formatSize(bytes: number): string {
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'kilobyte'] : [bytes / 1024 / 1024, 'megabyte'];
  return new Intl.NumberFormat(language.value, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

const thumbnailPixels = 72;

/**
 * A small `data:` PNG of an image, drawn in the page. Not an object URL: host pages' CSPs often allow
 * `img-src data:` but not `blob:` (helmet's default does), and the small copy keeps memory low. Undefined
 * when the browser cannot decode the file.
 */
async function thumbnailOf(file: Blob): Promise<string | undefined> {
  if (typeof createImageBitmap !== 'function') return undefined;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, thumbnailPixels / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/png');
  } catch {
    return undefined;
  }
}

/** One attached file: a thumbnail for uploaded images, its name, size (none for a link) and upload progress. */
function AttachmentChip({ attachment }: { attachment: Attachment }) {
  const [preview, setPreview] = useState<string | undefined>(undefined);
  useEffect(() => {
    let shown = true;
    if (attachment.kind === 'image' && attachment.blob) void thumbnailOf(attachment.blob).then((url) => shown && setPreview(url));
    return () => {
      shown = false;
    };
  }, [attachment.blob]);
  const strings = mediaStrings();
  const uploading = attachment.file === undefined;
  const label = uploading ? strings.cancelUpload(attachment.name) : strings.remove(attachment.name);
  return (
    <li class="dw-attachment" part="attachment" data-state={uploading ? 'uploading' : 'uploaded'}>
      {preview && <img src={preview} alt="" />}
      <span class="dw-attachment-name">
        <span>{attachment.name}</span>
        {attachment.blob && <span>{formatSize(attachment.size)}</span>}
      </span>
      {uploading && <progress max={1} value={attachment.progress} aria-label={strings.uploading(attachment.name)} />}
      <button type="button" class="dw-icon-button" part="remove-attachment" aria-label={label} title={label} onClick={attachment.remove}>
        <MediaIcon name="close" />
      </button>
    </li>
  );
}

/** The attached files, each with its progress and a remove (or cancel) button; `label` names the list. */
export function AttachmentList({
  list,
  label,
  listRef,
}: {
  list: Signal<readonly Attachment[]>;
  label: string;
  listRef?: Ref<HTMLUListElement>;
}) {
  const items = list.value;
  return (
    <ul ref={listRef} class="dw-attachments" part="attachments" aria-label={label} hidden={items.length === 0}>
      {items.map((attachment) => (
        <AttachmentChip key={attachment.key} attachment={attachment} />
      ))}
    </ul>
  );
}

/** What went wrong with the last files, announced. */
export function AttachProblems({ problems, text }: { problems: AttachProblem[]; text: (problem: AttachProblem) => string }) {
  return problems.length > 0 ? (
    <p class="dw-media-problem" part="attach-problem" role="alert">
      {catalogue.value.sentences(problems.map(text))}
    </p>
  ) : null;
}

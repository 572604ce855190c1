import type { ReadonlySignal, Signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JsonRecord } from '../core/guards.ts';
import { catalogue, language } from '../i18n/catalogue.ts';
import { useShadowStyles } from '../ui/lazy-styles.ts';
import { attachFiles, type AttachProblem, type Attachment } from './attachments.ts';
import mediaCss from './media.css?inline';
import { MediaIcon } from './MediaIcon.tsx';
import { mediaStrings } from './strings.ts';
import type { MediaTransport } from './transport.ts';
import { acceptList, readUploadRules, type UploadRules } from './upload-rules.ts';

export interface AttachFilesProps {
  /** The widget: its transport, and the app's `/parameters`, whose `file_upload` says what may be attached. */
  model: MediaTransport & { app: ReadonlySignal<{ parameters?: JsonRecord } | undefined> };
  /** Where the attached files are kept until they are sent. */
  view: { attachments: Signal<readonly Attachment[]> };
}

interface AttachControlsProps {
  rules: UploadRules;
  transport: MediaTransport;
  attachments: Signal<readonly Attachment[]>;
}

function problemText(problem: AttachProblem): string {
  const strings = mediaStrings();
  const reason =
    problem.reason === 'type'
      ? strings.refusedType
      : problem.reason === 'size'
        ? strings.refusedSize(problem.limitMb)
        : problem.reason === 'count'
          ? strings.refusedCount(problem.limit)
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

/** One attached file: a thumbnail for images, its name, size and upload progress. */
function AttachmentChip({ attachment }: { attachment: Attachment }) {
  const [preview, setPreview] = useState<string | undefined>(undefined);
  useEffect(() => {
    let shown = true;
    if (attachment.kind === 'image') void thumbnailOf(attachment.blob).then((url) => shown && setPreview(url));
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
        <span>{formatSize(attachment.size)}</span>
      </span>
      {uploading && <progress max={1} value={attachment.progress} aria-label={strings.uploading(attachment.name)} />}
      <button type="button" class="dw-icon-button" part="remove-attachment" aria-label={label} title={label} onClick={attachment.remove}>
        <MediaIcon name="close" />
      </button>
    </li>
  );
}

/** The files carried by a drag or a paste, if it carries any. */
function filesOf(transfer: DataTransfer | null): File[] {
  return transfer ? [...transfer.files] : [];
}

/**
 * The attach button (when the app takes files the widget can upload), and paste and drop onto the composer: files are checked against the app's limits,
 * uploaded at once with their progress shown, and sent with the next message.
 */
export function AttachFiles({ model, view }: AttachFilesProps) {
  const rules = readUploadRules(model.app.value?.parameters ?? {});
  return rules ? <AttachControls rules={rules} transport={model} attachments={view.attachments} /> : null;
}

function AttachControls({ rules, transport, attachments }: AttachControlsProps) {
  const styled = useShadowStyles<HTMLUListElement>(mediaCss);
  const picker = useRef<HTMLInputElement>(null);
  const [problems, setProblems] = useState<AttachProblem[]>([]);
  const attach = (files: File[]) => {
    setProblems([]);
    attachFiles(files, { list: attachments, rules, transport, onProblem: (problem) => setProblems((shown) => [...shown, problem]) });
  };
  const latestAttach = useRef(attach);
  latestAttach.current = attach;

  useEffect(() => {
    const form = styled.current?.closest('form');
    if (!form) return undefined;
    const dragging = (on: boolean) => (on ? form.setAttribute('data-dragging', 'true') : form.removeAttribute('data-dragging'));
    const onPaste = (event: ClipboardEvent) => {
      const files = filesOf(event.clipboardData);
      if (files.length === 0) return;
      event.preventDefault();
      latestAttach.current(files);
    };
    const onDragOver = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      dragging(true);
    };
    const onDrop = (event: DragEvent) => {
      dragging(false);
      const files = filesOf(event.dataTransfer);
      if (files.length === 0) return;
      event.preventDefault();
      latestAttach.current(files);
    };
    const onDragLeave = () => dragging(false);
    form.addEventListener('paste', onPaste);
    form.addEventListener('dragover', onDragOver);
    form.addEventListener('dragleave', onDragLeave);
    form.addEventListener('drop', onDrop);
    return () => {
      form.removeEventListener('paste', onPaste);
      form.removeEventListener('dragover', onDragOver);
      form.removeEventListener('dragleave', onDragLeave);
      form.removeEventListener('drop', onDrop);
    };
  }, []);

  const strings = mediaStrings();
  const list = attachments.value;
  return (
    <>
      <ul ref={styled} class="dw-attachments" part="attachments" aria-label={strings.attach} hidden={list.length === 0}>
        {list.map((attachment) => (
          <AttachmentChip key={attachment.key} attachment={attachment} />
        ))}
      </ul>
      {problems.length > 0 && (
        <p class="dw-media-problem" part="attach-problem" role="alert">
          {catalogue.value.sentences(problems.map(problemText))}
        </p>
      )}
      <input
        ref={picker}
        type="file"
        multiple={rules.maxFiles > 1}
        accept={acceptList(rules)}
        hidden
        tabIndex={-1}
        aria-hidden="true"
        part="file-input"
        onChange={(event) => {
          attach([...(event.currentTarget.files ?? [])]);
          event.currentTarget.value = '';
        }}
      />
      <button
        type="button"
        class="dw-icon-button"
        part="attach"
        aria-label={strings.attach}
        title={strings.attach}
        onClick={() => picker.current?.click()}
      >
        <MediaIcon name="attach" />
      </button>
    </>
  );
}

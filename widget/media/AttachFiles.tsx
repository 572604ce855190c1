import type { ReadonlySignal, Signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JsonRecord } from '../core/guards.ts';
import { useShadowStyles } from '../ui/lazy-styles.ts';
import { AttachmentList, AttachProblems, problemText } from './AttachmentList.tsx';
import { attachFiles, type AttachProblem, type Attachment } from './attachments.ts';
import { LinkEntry } from './LinkEntry.tsx';
import mediaCss from './media.css?inline';
import { MediaIcon } from './MediaIcon.tsx';
import { mediaStrings } from './strings.ts';
import type { MediaTransport } from './transport.ts';
import { acceptList, proxyTakesLinks, readUploadRules, type UploadRules } from './upload-rules.ts';

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
  links: boolean;
}

/** The files carried by a drag or a paste, if it carries any. */
function filesOf(transfer: DataTransfer | null): File[] {
  return transfer ? [...transfer.files] : [];
}

/**
 * The attach button (when the app takes `local_file` uploads), and paste and drop onto the composer: files are
 * checked against the app's limits, uploaded at once with their progress shown, and sent with the next message.
 * "Add from a link" too when both the app and the proxy (its `Dify-Widget-Remote-File-Urls`) take `remote_url`.
 */
export function AttachFiles({ model, view }: AttachFilesProps) {
  const rules = readUploadRules(model.app.value?.parameters ?? {});
  const links = rules?.methods.includes('remote_url') === true && proxyTakesLinks(model.client);
  return rules && (links || rules.methods.includes('local_file')) ? (
    <AttachControls rules={rules} transport={model} attachments={view.attachments} links={links} />
  ) : null;
}

function AttachControls({ rules, transport, attachments, links }: AttachControlsProps) {
  const styled = useShadowStyles<HTMLUListElement>(mediaCss);
  const picker = useRef<HTMLInputElement>(null);
  const [problems, setProblems] = useState<AttachProblem[]>([]);
  const local = rules.methods.includes('local_file');
  const onProblem = (problem: AttachProblem) => setProblems((shown) => [...shown, problem]);
  const attach = (files: File[]) => {
    if (!local) return;
    setProblems([]);
    attachFiles(files, { list: attachments, rules, transport, onProblem });
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
  return (
    <>
      <AttachmentList list={attachments} label={strings.attach} listRef={styled} />
      <AttachProblems problems={problems} text={(problem) => problemText(problem)} />
      {local && (
        <>
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
      )}
      {links && <LinkEntry rules={rules} list={attachments} onProblem={(problem) => setProblems([problem])} />}
    </>
  );
}

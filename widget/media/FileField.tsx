import { signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { InputField } from '../core/app-info.ts';
import { isRecord, type JsonRecord } from '../core/guards.ts';
import { pickStrings } from '../i18n/feature-strings.ts';
import { useShadowStyles } from '../ui/lazy-styles.ts';
import { AttachmentList, AttachProblems, problemText } from './AttachmentList.tsx';
import { attachFiles, type AttachProblem, type Attachment } from './attachments.ts';
import { fileStrings } from './file-strings.ts';
import { LinkEntry } from './LinkEntry.tsx';
import mediaCss from './media.css?inline';
import type { MediaTransport } from './transport.ts';
import { acceptList, fieldUploadRules, proxyTakesLinks } from './upload-rules.ts';

/** What a file input needs of the widget: the transport to upload with, the app's `/parameters` (size limits). */
export type FormUploads = MediaTransport & { app: ReadonlySignal<{ parameters?: JsonRecord } | undefined> };

export interface FileFieldProps {
  field: InputField;
  id: string;
  /** The form's value: the JSON of the uploaded files' mapping (`file`) or list of mappings (`file-list`), or ''. */
  value: string;
  invalid: boolean;
  describedBy: string | undefined;
  onChange: (value: string) => void;
  uploads: FormUploads;
}

/**
 * The files of each field, by widget: they outlive the form (it is gone after a chat's first message and
 * may come back), so its chips and uploads go on where they were.
 */
const listsByWidget = new WeakMap<object, Map<string, Signal<readonly Attachment[]>>>();

function listOf(uploads: object, variable: string): Signal<readonly Attachment[]> {
  const lists = listsByWidget.get(uploads) ?? new Map<string, Signal<readonly Attachment[]>>();
  listsByWidget.set(uploads, lists);
  const list = lists.get(variable) ?? signal<readonly Attachment[]>([]);
  lists.set(variable, list);
  return list;
}

/** A field's config in `user_input_form` (dify-api.md §10.1): its types, methods and a list's `max_length`. */
function configOf(parameters: JsonRecord, variable: string): JsonRecord {
  const form: unknown[] = Array.isArray(parameters['user_input_form']) ? parameters['user_input_form'] : [];
  for (const entry of form) {
    for (const config of isRecord(entry) ? Object.values(entry) : [])
      if (isRecord(config) && config['variable'] === variable) return config;
  }
  return {};
}

/** The value a list stands for: only uploaded files count (a required field is not filled while one uploads). */
function valueOf(list: readonly Attachment[], many: boolean): string {
  const mappings = list.flatMap((attachment) => attachment.file ?? []);
  if (mappings.length === 0) return '';
  return JSON.stringify(many ? mappings : mappings[0]);
}

/**
 * A `file` or `file-list` input: the chat's picker (type, size and count checked before anything is sent,
 * uploads with progress and cancel), and a link when the field and the proxy both take `remote_url`.
 */
export function FileField({ field, id, value, invalid, describedBy, onChange, uploads }: FileFieldProps) {
  const styled = useShadowStyles<HTMLDivElement>(mediaCss);
  const [problems, setProblems] = useState<AttachProblem[]>([]);
  const many = field.type === 'file-list';
  const parameters = uploads.app.value?.parameters ?? {};
  const rules = fieldUploadRules(configOf(parameters, field.variable), many, parameters);
  const list = listOf(uploads, field.variable);
  const next = valueOf(list.value, many);
  const synced = useRef(next);
  useEffect(() => {
    if (next !== synced.current) {
      synced.current = next;
      onChange(next);
    } else if (value === '' && next !== '') list.value = []; // The form was cleared.
  }, [next, value]);

  const strings = pickStrings(fileStrings);
  const onProblem = (problem: AttachProblem) => setProblems((shown) => [...shown, problem]);
  const local = rules.methods.includes('local_file');
  const links = rules.methods.includes('remote_url') && proxyTakesLinks(uploads.client);
  const common = { id, 'aria-invalid': invalid ? ('true' as const) : undefined, 'aria-describedby': describedBy };
  return (
    <div ref={styled} class="dw-file-field" part="file-field">
      {local && (
        <>
          {/* The file input itself is the field's control (labelled, focusable, reached by a refused send); the label after it is its button. */}
          <input
            {...common}
            class="dw-file-input"
            type="file"
            multiple={many}
            accept={acceptList(rules)}
            aria-required={field.required ? 'true' : undefined}
            onChange={(event) => {
              setProblems([]);
              attachFiles([...(event.currentTarget.files ?? [])], { list, rules, transport: uploads, onProblem });
              event.currentTarget.value = '';
            }}
          />
          <label for={id} class="dw-button" data-variant="secondary" part="choose-files">
            {many ? strings.chooseFiles : strings.chooseFile}
          </label>
        </>
      )}
      {links && (
        <LinkEntry
          rules={rules}
          list={list}
          id={local ? undefined : id}
          labelledBy={local ? undefined : `${id}-label ${id}`}
          onProblem={(problem) => setProblems([problem])}
        />
      )}
      <AttachmentList list={list} label={field.label} />
      <AttachProblems problems={problems} text={(problem) => problemText(problem, strings.fieldCount)} />
    </div>
  );
}

import type { InputField } from '../core/app-info.ts';
import type { InputIssue, InputValues } from '../core/inputs.ts';
import { catalogue, language } from '../i18n/catalogue.ts';
import { pickStrings } from '../i18n/feature-strings.ts';
import { formStrings } from './InputsForm.strings.ts';
import formsCss from './forms.css?inline';
import { lazyComponent } from './lazy-component.tsx';
import { useShadowStyles } from './lazy-styles.ts';
import type { FileFieldProps, FormUploads } from '../media/FileField.tsx';

// File inputs upload with the chat's picker: its code only for forms that have one.
const FileField = lazyComponent(() => import('../media/FileField.tsx').then((module) => module.FileField));

export interface InputsFormProps {
  fields: InputField[];
  values: InputValues;
  issues: Record<string, InputIssue>;
  onChange: (variable: string, value: string) => void;
  title?: string;
  /** Required inputs the widget cannot render (`external_data_tool`), named in a notice. */
  unsupported?: string[];
  /** The widget, for file inputs to upload through. */
  uploads: FormUploads;
}

function issueText(issue: InputIssue, field: InputField): string {
  if (issue === 'not-json') return pickStrings(formStrings).notJson;
  return issue === 'too-long' ? catalogue.value.issues['too-long'](field.maxLength ?? 0) : catalogue.value.issues[issue];
}

function Control({ field, id, value, invalid, describedBy, onChange, uploads }: FileFieldProps) {
  const common = {
    id,
    name: field.variable,
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-required': field.required ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
  };
  const onInput = (event: Event) => {
    const target = event.currentTarget;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
      onChange(target.value);
  };
  switch (field.type) {
    case 'paragraph':
      return <textarea {...common} class="dw-input" rows={3} maxLength={field.maxLength} value={value} onInput={onInput} />;
    case 'json_object':
      return <textarea {...common} class="dw-input dw-code-input" rows={4} spellcheck={false} value={value} onInput={onInput} />;
    case 'select':
      return (
        <select {...common} class="dw-input" value={value} onChange={onInput}>
          {(!field.required || value === '') && <option value="">{catalogue.value.chooseOption}</option>}
          {field.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    case 'checkbox':
      return (
        <input {...common} type="checkbox" checked={value === 'true'} onChange={(event) => onChange(String(event.currentTarget.checked))} />
      );
    case 'number':
      return <input {...common} class="dw-input" type="text" inputMode="decimal" value={value} onInput={onInput} />;
    case 'text-input':
      return <input {...common} class="dw-input" type="text" maxLength={field.maxLength} value={value} onInput={onInput} />;
    case 'file':
    case 'file-list':
      return (
        <FileField field={field} id={id} value={value} invalid={invalid} describedBy={describedBy} onChange={onChange} uploads={uploads} />
      );
  }
}

/** The app's input form (`user_input_form`): labelled fields, each with its own error message. */
export function InputsForm({ fields, values, issues, onChange, title, unsupported = [], uploads }: InputsFormProps) {
  const styled = useShadowStyles<HTMLDivElement>(formsCss);
  return (
    <div ref={styled} class="dw-form" part="inputs-form" role="group" aria-labelledby={title ? 'dw-form-title' : undefined}>
      {title && (
        <h3 class="dw-form-title" id="dw-form-title">
          {title}
        </h3>
      )}
      <Fields fields={fields} values={values} issues={issues} onChange={onChange} uploads={uploads} />
      {unsupported.length > 0 && (
        <p class="dw-note">
          {/* "A, B and C" in the active language (ja: A、B、C), never a hard-coded ", ". */}
          {catalogue.value.unsupportedInputs(new Intl.ListFormat(language.value, { type: 'conjunction' }).format(unsupported))}
        </p>
      )}
    </div>
  );
}

function Fields({
  fields,
  values,
  issues,
  onChange,
  uploads,
}: Pick<InputsFormProps, 'fields' | 'values' | 'issues' | 'onChange' | 'uploads'>) {
  return (
    <>
      {fields.map((field, index) => {
        const id = `dw-field-${index}`;
        const issue = issues[field.variable];
        const errorId = issue ? `${id}-error` : undefined;
        return (
          <div class="dw-field" key={field.variable} data-variable={field.variable}>
            <label class="dw-label" for={id} id={`${id}-label`}>
              {field.label} {!field.required && <span class="dw-optional">{catalogue.value.optional}</span>}
            </label>
            <Control
              field={field}
              id={id}
              value={values[field.variable] ?? ''}
              invalid={issue !== undefined}
              describedBy={errorId}
              onChange={(value) => onChange(field.variable, value)}
              uploads={uploads}
            />
            {issue && errorId && (
              <span class="dw-field-error" id={errorId}>
                {issueText(issue, field)}
              </span>
            )}
          </div>
        );
      })}
    </>
  );
}

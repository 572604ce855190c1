import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RunPause } from '../core/answer.ts';
import type { Problem } from '../core/problems.ts';
import { catalogue } from '../i18n/catalogue.ts';
import { pickStrings } from '../i18n/feature-strings.ts';
import { describeProblem } from '../i18n/problem-text.ts';
import { Markdown } from '../markdown/index.ts';
import formsCss from '../ui/forms.css?inline';
import { useShadowStyles } from '../ui/lazy-styles.ts';
import { readHumanInputForm, type FormAction, type FormField, type HumanInputForm } from './read-form.ts';
import type { FormReply } from './form-run.ts';
import { humanInputStrings } from './strings.ts';

/** Sends the visitor's answer to one form; resolves with the problem when it was refused. */
export type AnswerForm = (form: HumanInputForm, reply: FormReply) => Promise<Problem | undefined>;

export interface HumanInputFormsProps {
  pause: RunPause;
  onAnswer: AnswerForm;
  /** Another answer is streaming: the buttons wait for it. */
  busy: boolean;
}

const words = () => pickStrings(humanInputStrings);

/** A field is named by its variable (`refund_reason` → "Refund reason"): Dify's forms have no labels. */
function fieldLabel(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function refusalText(problem: Problem): string {
  // A 400 `invalid_form_data` says what is wrong with the answer; anything else is the usual problem.
  if (problem.kind === 'invalid') return problem.detail ? `${words().refused} (${problem.detail})` : words().refused;
  return catalogue.value.sentences([words().notSent, describeProblem(problem, catalogue.value)]);
}

function Field({ field, id, value, onChange }: { field: FormField; id: string; value: string; onChange: (value: string) => void }) {
  const label = fieldLabel(field.name);
  if (field.type === 'unsupported') return <p class="dw-note">{words().fileField(label)}</p>;
  const onInput = (event: Event) => {
    const target = event.currentTarget;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
      onChange(target.value);
  };
  const common = { id, name: field.name, class: 'dw-input', value };
  return (
    <div class="dw-field" data-variable={field.name}>
      <label class="dw-label" for={id}>
        {label}
      </label>
      {field.type === 'paragraph' && <textarea {...common} rows={3} onInput={onInput} />}
      {field.type === 'text' && <input {...common} type="text" onInput={onInput} />}
      {field.type === 'select' && (
        <select {...common} onChange={onInput}>
          {field.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

/** The composer's box, where the visitor goes on after answering (the pressed button is gone by then). */
function focusComposer(root: Node | undefined): void {
  if (root instanceof ShadowRoot || root instanceof Document) root.querySelector<HTMLElement>('#dw-input')?.focus();
}

/**
 * One form: its text (markdown from the app, rendered by the widget's own renderer), a labelled
 * field per input and a real button per action. Enter in a field does not press an action: the
 * actions are choices (approve, reject) that the visitor picks on purpose.
 */
function FormCard({ form, onAnswer, busy }: { form: HumanInputForm; onAnswer: AnswerForm; busy: boolean }) {
  const id = useId();
  const section = useShadowStyles<HTMLElement>(formsCss);
  const note = useRef<HTMLParagraphElement>(null);
  const root = useRef<Node | undefined>(undefined);
  const sending = useRef(false);
  const [values, setValues] = useState(() => Object.fromEntries(form.fields.map((field) => [field.name, field.defaultValue])));
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>(undefined);

  useLayoutEffect(() => {
    root.current = section.current?.getRootNode();
    // Accepted, the form leaves the conversation while the answer goes on: focus must not go with it.
    return () => {
      if (sending.current) focusComposer(root.current);
    };
  }, []);
  useLayoutEffect(() => {
    // Refused because it was answered, expired or gone: the buttons are gone, the note says why.
    if (form.closed && problem) note.current?.focus();
  }, [form.closed, problem]);

  async function choose(action: FormAction) {
    if (sending.current || busy) return;
    const answerable = form.fields.filter((field) => field.type !== 'unsupported');
    sending.current = true;
    setPending(true);
    setProblem(undefined);
    const refused = await onAnswer(form, {
      inputs: Object.fromEntries(answerable.map((field) => [field.name, values[field.name] ?? ''])),
      action: action.id,
    });
    sending.current = false;
    setPending(false);
    setProblem(refused);
  }

  if (form.closed)
    return (
      <p ref={note} class="dw-note" part="human-input-closed" tabIndex={-1}>
        {words().closed[form.closed]}
      </p>
    );
  return (
    <section ref={section} class="dw-human-input" part="human-input" aria-labelledby={`${id}-title`} aria-busy={pending ? 'true' : 'false'}>
      <h3 class="dw-form-title" id={`${id}-title`}>
        {form.title || words().title}
      </h3>
      {form.content && <Markdown source={form.content} streaming={false} />}
      <form class="dw-form" noValidate onSubmit={(event) => event.preventDefault()}>
        {form.fields.map((field, index) => (
          <Field
            key={field.name}
            field={field}
            id={`${id}-${index}`}
            value={values[field.name] ?? ''}
            onChange={(value) => setValues((previous) => ({ ...previous, [field.name]: value }))}
          />
        ))}
        {problem && (
          <p class="dw-field-error" role="alert">
            {refusalText(problem)}
          </p>
        )}
        {form.token === undefined ? (
          <p class="dw-note">{words().elsewhere}</p>
        ) : (
          <div class="dw-actions" part="human-input-actions">
            {form.actions.map((action) => (
              <button
                key={action.id}
                type="button"
                class="dw-button"
                data-variant={action.style === 'primary' || action.style === 'accent' ? undefined : 'secondary'}
                // aria-disabled, not disabled: a disabled button drops the focus of the visitor who pressed it.
                aria-disabled={pending || busy ? 'true' : undefined}
                onClick={() => void choose(action)}
              >
                {action.title}
              </button>
            ))}
            {pending && <span class="dw-status">{words().sending}</span>}
          </div>
        )}
      </form>
    </section>
  );
}

/** The forms a paused chatflow waits on, inside its answer in the conversation. */
export function HumanInputForms({ pause, onAnswer, busy }: HumanInputFormsProps) {
  const forms = pause.forms.map(readHumanInputForm).filter((form): form is HumanInputForm => form !== undefined);
  if (forms.length === 0) return <p class="dw-note">{words().elsewhere}</p>;
  return (
    <>
      {forms.map((form, index) => (
        <FormCard key={form.token ?? index} form={form} onAnswer={onAnswer} busy={busy} />
      ))}
    </>
  );
}

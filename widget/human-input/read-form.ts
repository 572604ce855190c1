import { isRecord, readNumber, readRecord, readString, readStrings, type JsonRecord } from '../core/guards.ts';

/**
 * One field of a human-input form (dify-api.md §4.5 `inputs[]`). Text and paragraph fields take a
 * string; select fields (Dify main) one of `options`; file fields cannot be answered by the widget.
 */
export interface FormField {
  name: string;
  type: 'text' | 'paragraph' | 'select' | 'unsupported';
  options: string[];
  defaultValue: string;
}

/** A button of the form (`actions[]`, or `user_actions` when the form is read back). */
export interface FormAction {
  id: string;
  title: string;
  style: string;
}

/** Why a form can no longer be answered: Dify's 412 codes, or 404 (deleted, or not meant for the web app). */
export type FormClosed = 'submitted' | 'expired' | 'gone';

/** A form a paused chatflow waits on. Without a token it is not delivered to the web app and cannot be answered here. */
export interface HumanInputForm {
  token?: string;
  title: string;
  /** Markdown; the places Dify's own UI puts the fields (`{{#$output.name#}}`) are removed. */
  content: string;
  fields: FormField[];
  actions: FormAction[];
  expiresAt?: number;
  closed?: FormClosed;
}

const fieldPlaceholder = /\{\{#\$output\.[\w.-]+#\}\}/g;

function fieldType(type: string | undefined, options: string[]): FormField['type'] {
  if (type === 'paragraph') return 'paragraph';
  if (type === 'select') return options.length > 0 ? 'select' : 'text';
  // `file` and `file-list` (main ≥ 2026-06-04) need uploads, which the widget does not do yet.
  return type?.startsWith('file') ? 'unsupported' : 'text';
}

function readField(entry: unknown, defaults: JsonRecord): FormField | undefined {
  if (!isRecord(entry)) return undefined;
  const name = readString(entry, 'output_variable_name');
  if (!name) return undefined;
  const options = readStrings(entry, 'options');
  const constant = readRecord(entry, 'default');
  const fallback = constant && readString(constant, 'type') === 'constant' ? readString(constant, 'value') : undefined;
  return { name, type: fieldType(readString(entry, 'type'), options), options, defaultValue: readString(defaults, name) ?? fallback ?? '' };
}

function readAction(entry: unknown): FormAction | undefined {
  if (!isRecord(entry)) return undefined;
  const id = readString(entry, 'id');
  return id ? { id, title: readString(entry, 'title') || id, style: readString(entry, 'button_style') ?? 'default' } : undefined;
}

function listOf<T>(value: unknown, read: (entry: unknown) => T | undefined): T[] {
  return Array.isArray(value) ? value.map(read).filter((item): item is T => item !== undefined) : [];
}

/**
 * Narrows a form from any place Dify puts one (the chat keeps them in Dify's shape until this chunk loads): `human_input_required.data`, a `workflow_paused`
 * reason, `GET /form/human_input/{token}` (which calls the actions `user_actions` and has no token or
 * title), a `/messages` item's `extra_contents[].form_definition`, or the widget's own stored copy.
 */
export function readHumanInputForm(data: JsonRecord): HumanInputForm | undefined {
  const actions = listOf(data.actions ?? data.user_actions, readAction);
  if (actions.length === 0) return undefined;
  const defaults = readRecord(data, 'resolved_default_values') ?? {};
  const form: HumanInputForm = {
    title: readString(data, 'node_title') ?? '',
    content: (readString(data, 'form_content') ?? '').replace(fieldPlaceholder, ''),
    fields: listOf(data.inputs, (entry) => readField(entry, defaults)),
    actions,
  };
  const token = readString(data, 'form_token');
  if (token) form.token = token;
  const expiresAt = readNumber(data, 'expiration_time');
  if (expiresAt !== undefined) form.expiresAt = expiresAt;
  const closed = readString(data, 'closed');
  if (closed === 'submitted' || closed === 'expired' || closed === 'gone') form.closed = closed;
  return form;
}

/**
 * A form in Dify's own shape (plus `closed`), so that the stored copy is read back by the same narrowing as the
 * network's (one reader, no second format to keep in step).
 */
export function formRecord(form: HumanInputForm): JsonRecord {
  const record: JsonRecord = {
    node_title: form.title,
    form_content: form.content,
    inputs: form.fields.map((field) => ({
      type: field.type === 'unsupported' ? 'file' : field.type,
      output_variable_name: field.name,
      options: field.options,
    })),
    resolved_default_values: Object.fromEntries(form.fields.map((field) => [field.name, field.defaultValue])),
    actions: form.actions.map((action) => ({ id: action.id, title: action.title, button_style: action.style })),
  };
  if (form.token) record.form_token = form.token;
  if (form.expiresAt !== undefined) record.expiration_time = form.expiresAt;
  if (form.closed) record.closed = form.closed;
  return record;
}

/** The form a failed read or submit means is gone for good (dify-api.md §11.2), or undefined when it may still be open. */
export function closedBy(status: number | undefined, code: string): FormClosed | undefined {
  if (code === 'human_input_form_submitted') return 'submitted';
  if (code === 'human_input_form_expired') return 'expired';
  return status === 404 ? 'gone' : undefined;
}

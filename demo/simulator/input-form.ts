/** Each simulated app's `user_input_form`, and Dify's validation of `inputs` against it (pure). */
import { invalidParam } from './errors.ts';
import { isValidMapping } from './file-mapping.ts';
import type { FormField } from './form-field.ts';
import { flowSpec } from './flows.ts';
import { pythonRepr } from './pydantic.ts';
import type { AppMode, SimulatedApp } from './types.ts';

export type { FormField };

/** Validated inputs; a `json_object` input keeps its object, a file input its mapping (a list of them for `file-list`). */
export type FormValues = Record<string, string | number | boolean | null | Record<string, unknown> | Record<string, unknown>[]>;

/** Checks a file input's mapping against the uploads and the field's rules (input-files.ts), as Dify's file factory. */
export type InputFileCheck = (field: FormField, mapping: Record<string, unknown>) => void;

/** The file inputs `fileInputs` adds: a required document (or image, or a link) and up to three optional pictures. */
const fileFields: FormField[] = [
  {
    type: 'file',
    variable: 'document',
    label: 'Document',
    required: true,
    allowed_file_types: ['document', 'image'],
    allowed_file_extensions: [],
    allowed_file_upload_methods: ['local_file', 'remote_url'],
  },
  {
    type: 'file-list',
    variable: 'pictures',
    label: 'Pictures',
    required: false,
    max_length: 3,
    allowed_file_types: ['image'],
    allowed_file_extensions: [],
    allowed_file_upload_methods: ['local_file'],
  },
];

const formsByMode: Record<AppMode, FormField[]> = {
  chat: [
    { type: 'text-input', variable: 'name', label: 'Your name', required: false, max_length: 48, default: '' },
    {
      type: 'select',
      variable: 'language',
      label: 'Answer language',
      required: false,
      options: ['English', 'Deutsch', 'Français', '日本語'],
      default: 'English',
    },
  ],
  'agent-chat': [{ type: 'text-input', variable: 'city', label: 'Your city', required: false, max_length: 64, default: '' }],
  agent: [],
  'advanced-chat': [
    {
      type: 'select',
      variable: 'audience',
      label: 'Audience',
      required: false,
      options: ['beginner', 'expert'],
      default: 'beginner',
    },
  ],
  completion: [
    { type: 'text-input', variable: 'topic', label: 'Topic', required: true, max_length: 48, default: '' },
    { type: 'paragraph', variable: 'details', label: 'Details', required: false, max_length: 1000, default: '' },
    {
      type: 'select',
      variable: 'tone',
      label: 'Tone',
      required: true,
      options: ['formal', 'casual', 'playful'],
      default: 'casual',
    },
    { type: 'number', variable: 'words', label: 'Length in words', required: false, default: 120 },
  ],
  workflow: [
    { type: 'paragraph', variable: 'query', label: 'Request', required: true, max_length: 2000, default: '' },
    {
      type: 'select',
      variable: 'style',
      label: 'Style',
      required: false,
      options: ['summary', 'bullet points'],
      default: 'summary',
    },
  ],
};

/**
 * The input form of an app: its flow's start variables, else the mode's form; `requiredInputs` makes the
 * first field required.
 */
export function formFor(app: SimulatedApp): FormField[] {
  const flowForm = app.mode === 'advanced-chat' || app.mode === 'workflow' ? flowSpec(app.flow, app.mode).form : undefined;
  const form = (flowForm ?? formsByMode[app.mode]).map((field) => ({ ...field }));
  const first = form[0];
  if (app.requiredInputs === true && first !== undefined) first.required = true;
  if (app.jsonInput === true) form.push({ type: 'json_object', variable: 'settings', label: 'Settings', required: false });
  if (app.checkboxInput === true)
    form.push({ type: 'checkbox', variable: 'copy', label: 'Send me a copy', required: false, default: false });
  if (app.hiddenInput === true) {
    form.push({ type: 'text-input', variable: 'source', label: 'Source', required: false, max_length: 48, default: 'widget', hide: true });
  }
  if (app.fileInputs === true) form.push(...fileFields.map((field) => ({ ...field })));
  return form;
}

/**
 * The form as `/parameters.user_input_form` renders it: single-key objects. Workflow-based apps embed the
 * whole start variable, `type` included (§10.1); easy-UI apps store the editor's keys without it.
 */
export function renderForm(form: FormField[], withType: boolean): Record<string, Record<string, unknown>>[] {
  return form.map((field) => {
    const { type, ...config } = field;
    return { [type]: withType ? { ...field } : config };
  });
}

/** Only an absent key or null is missing (§4.1): `""` is a value, and each field type judges it. */
function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}

const truthyWords = new Set(['true', '1', 'yes', 'on', 'y']);

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `file` takes one mapping, `file-list` a list of them (at most `max_length`), §4.1. Then the file factory:
 * a single file needs its `transfer_method`; a list drops mappings without one (`_is_valid_mapping`).
 */
function validateFiles(field: FormField, value: unknown, checkFile: InputFileCheck): FormValues[string] {
  const { variable } = field;
  if (field.type === 'file') {
    if (!isMapping(value)) throw invalidParam(`${variable} in input form must be a file`);
    if (!value['transfer_method']) throw invalidParam('transfer_method is required in file mapping');
    checkFile(field, value);
    return value;
  }
  if (!Array.isArray(value) || !value.every(isMapping)) throw invalidParam(`${variable} in input form must be a list of files`);
  if (field.max_length !== undefined && value.length > field.max_length) {
    throw invalidParam(`${variable} in input form must be less than ${field.max_length} files`);
  }
  const valid = value.filter(isValidMapping);
  for (const mapping of valid) checkFile(field, mapping);
  return valid;
}

function validateField(field: FormField, value: unknown, checkFile: InputFileCheck): FormValues[string] {
  const { variable } = field;
  if (field.type === 'file' || field.type === 'file-list') {
    // The frontend's empty placeholder: unset, for an optional file input only.
    if (!field.required && value === '') return null;
    return validateFiles(field, value, checkFile);
  }
  if (field.type === 'json_object') {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return Object.fromEntries(Object.entries(value));
    throw invalidParam(`${variable} in input form must be a dict`);
  }
  if (field.type === 'number') {
    if (typeof value === 'number') return value;
    // `""` (or blanks) is no number but not an error either: Dify stores null (§4.1).
    if (typeof value === 'string' && value.trim() === '') return null;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    throw invalidParam(`${variable} in input form must be a valid number`);
  }
  if (field.type === 'checkbox') {
    if (typeof value === 'boolean') return value;
    return truthyWords.has(String(value).toLowerCase());
  }
  if (typeof value !== 'string') {
    throw invalidParam(`(type '${field.type}') ${variable} in input form must be a string`);
  }
  if (field.type === 'select') {
    const options = field.options ?? [];
    if (!options.includes(value)) {
      throw invalidParam(`${variable} in input form must be one of the following: ${pythonRepr(options)}`);
    }
    return value;
  }
  if (field.max_length !== undefined && [...value].length > field.max_length) {
    throw invalidParam(`${variable} in input form must be less than ${field.max_length} characters`);
  }
  return value.replace(/\0/g, '');
}

/**
 * Dify's `_prepare_user_inputs` (§4.1), run on every chat message, follow-ups included: a required field
 * must be present and not null, `""` passes text fields even when required and fails a select's options,
 * optional fields take their default (null without one), unknown keys are dropped. Throws the 400
 * invalid_param Dify raises for the first problem.
 */
export function validateInputs(
  form: FormField[],
  inputs: Record<string, unknown>,
  checkFile: InputFileCheck = () => undefined,
): FormValues {
  const cleaned: FormValues = {};
  for (const field of form) {
    const value = inputs[field.variable];
    if (isMissing(value)) {
      if (field.required) throw invalidParam(`${field.variable} is required in input form`);
      cleaned[field.variable] = field.default ?? null;
      continue;
    }
    // A select's `""` is judged by the option check like any other string.
    cleaned[field.variable] = validateField(field, value, checkFile);
  }
  return cleaned;
}

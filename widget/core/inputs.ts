import type { InputField } from './app-info.ts';
import { isRecord, parseJson } from './guards.ts';

/** Why a field's value is refused. The UI turns these into words. */
export type InputIssue = 'required' | 'too-long' | 'not-a-number' | 'not-an-option' | 'not-json';

/** Form values as the inputs hold them: strings, like the DOM; a file input's is the JSON of its Dify file mapping(s). */
export type InputValues = Record<string, string>;

/** The starting values: each field's default, overridden by values the host set with `setInputs`. */
export function initialValues(fields: InputField[], preset: Record<string, unknown>): InputValues {
  const values: InputValues = {};
  for (const field of fields) {
    const presetValue = preset[field.variable];
    values[field.variable] = presetValue === undefined || presetValue === null ? field.defaultValue : String(presetValue);
  }
  return values;
}

/** The issue with each invalid field, keyed by variable; empty when the form can be sent. */
export function validateInputs(fields: InputField[], values: InputValues): Record<string, InputIssue> {
  const issues: Record<string, InputIssue> = {};
  for (const field of fields) {
    const value = (values[field.variable] ?? '').trim();
    if (value === '' || (field.type === 'checkbox' && value !== 'true')) {
      if (field.required) issues[field.variable] = 'required';
      continue;
    }
    if (field.maxLength !== undefined && value.length > field.maxLength) issues[field.variable] = 'too-long';
    else if (field.type === 'number' && !Number.isFinite(Number(value))) issues[field.variable] = 'not-a-number';
    else if (field.type === 'json_object' && !isRecord(parseJson(value))) issues[field.variable] = 'not-json';
    else if (field.type === 'select' && field.options.length > 0 && !field.options.includes(value))
      issues[field.variable] = 'not-an-option';
  }
  return issues;
}

/**
 * The `inputs` body for Dify: numbers as numbers, checkboxes as booleans, JSON objects and file
 * mappings (a mapping for `file`, a list for `file-list`) parsed, empty optional fields left out so
 * Dify applies its own defaults. Keys set with `setInputs` that are not form fields
 * are passed through as given: the proxy decides which ones a visitor may set.
 */
export function inputsPayload(fields: InputField[], values: InputValues, preset: Record<string, unknown>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  const known = new Set(fields.map((field) => field.variable));
  for (const [key, value] of Object.entries(preset)) if (!known.has(key)) payload[key] = value;
  for (const field of fields) {
    const value = (values[field.variable] ?? '').trim();
    if (field.type === 'checkbox') payload[field.variable] = value === 'true';
    else if (value === '') continue;
    else payload[field.variable] = field.type === 'number' ? Number(value) : /^(json|file)/.test(field.type) ? parseJson(value) : value;
  }
  return payload;
}

/**
 * Inputs for a later message of a conversation: the ones it was started with, with the values the
 * host page set (`setInputs`) on top, since the page may have changed them since.
 */
export function continuationInputs(
  fields: InputField[],
  conversation: Record<string, unknown>,
  preset: Record<string, unknown>,
): Record<string, unknown> {
  const setByHost = fields.filter((field) => field.variable in preset);
  return { ...conversation, ...inputsPayload(setByHost, initialValues(setByHost, preset), preset) };
}

/**
 * Stored or Dify-returned inputs (`/messages`, `/conversations`) that can be sent again as they are:
 * strings, numbers and booleans. Null means "not set" to Dify, and file objects are not file mappings.
 */
export function readInputValues(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([, item]) => ['string', 'number', 'boolean'].includes(typeof item)));
}

/**
 * The app's input form from `/parameters` (dify-api.md §10.1), and inputs that satisfy it: Dify checks
 * `inputs` on every message (§4.1), so every generation the suite starts must fill each required field.
 */
import { brief, isObject, list, object, text } from './json.ts';
import type { Channel } from './channel.ts';

export interface FormField {
  readonly type: string;
  readonly variable: string;
  readonly required: boolean;
  readonly options: readonly string[];
  readonly defaultValue: unknown;
  readonly maxLength: number | undefined;
}

function field(entry: unknown): FormField | undefined {
  if (!isObject(entry)) return undefined;
  const [type] = Object.keys(entry);
  const config = type === undefined ? undefined : object(entry, type);
  const variable = text(config, 'variable');
  if (type === undefined || config === undefined || variable === undefined) return undefined;
  const options = (list(config, 'options') ?? []).filter((option): option is string => typeof option === 'string');
  const maxLength = config['max_length'];
  return {
    type,
    variable,
    required: config['required'] === true,
    options,
    defaultValue: config['default'],
    maxLength: typeof maxLength === 'number' && maxLength > 0 ? maxLength : undefined,
  };
}

/** GET /parameters → the fields of `user_input_form`. */
export async function readForm(channel: Channel): Promise<FormField[]> {
  const reply = await channel.call('GET', '/parameters');
  const form = list(reply.json, 'user_input_form');
  if (reply.status !== 200 || form === undefined) throw new Error(`GET /parameters answered ${reply.status} ${brief(reply.body)}`);
  return form.flatMap((entry) => field(entry) ?? []);
}

function valueFor(field: FormField, words: string): unknown {
  switch (field.type) {
    case 'text-input':
    case 'paragraph':
      return field.maxLength === undefined ? words : words.slice(0, field.maxLength);
    case 'select':
      return typeof field.defaultValue === 'string' && field.options.includes(field.defaultValue) ? field.defaultValue : field.options[0];
    case 'number':
      return typeof field.defaultValue === 'number' ? field.defaultValue : 1;
    case 'checkbox':
      return typeof field.defaultValue === 'boolean' ? field.defaultValue : false;
    case 'json_object':
      return {};
    default:
      return undefined;
  }
}

/**
 * Inputs that fill every required field, text fields with `words` (so a completion or workflow app whose
 * prompt is its inputs answers what the suite asked). Throws for a required field the suite cannot fill.
 */
export function fillInputs(form: readonly FormField[], words: string): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const entry of form) {
    const value = valueFor(entry, words);
    if (value !== undefined) inputs[entry.variable] = value;
    else if (entry.required) throw new Error(`the app requires the ${entry.type} input '${entry.variable}', which the suite cannot fill`);
  }
  return inputs;
}

import { isRecord } from '../errors.ts';

/** One variable of the app's input form, as `/parameters` declares it (dify-api.md §10.1). */
export interface InputRule {
  readonly variable: string;
  readonly type: string;
  readonly required: boolean;
  readonly maxLength?: number;
  readonly options?: readonly string[];
}

/** The rules of `/parameters.user_input_form`: single-key objects `{<type>: {variable, required, …}}`. */
export function readInputRules(parameters: unknown): InputRule[] {
  const form = isRecord(parameters) ? parameters['user_input_form'] : undefined;
  if (!Array.isArray(form)) return [];
  return form.flatMap((entry: unknown) => {
    if (!isRecord(entry)) return [];
    return Object.entries(entry).flatMap(([type, config]) => {
      if (!isRecord(config) || typeof config['variable'] !== 'string') return [];
      const rule: InputRule = { variable: config['variable'], type, required: config['required'] === true };
      const maxLength = config['max_length'];
      const options = config['options'];
      return [
        {
          ...rule,
          ...(typeof maxLength === 'number' && maxLength > 0 ? { maxLength } : {}),
          ...(Array.isArray(options) ? { options: options.filter((option) => typeof option === 'string') } : {}),
        },
      ];
    });
  });
}

const textTypes = new Set(['text-input', 'paragraph', 'select']);

/** Python's repr of a list of strings, as Dify's messages print the options. */
const pythonList = (items: readonly string[]) => `[${items.map((item) => `'${item}'`).join(', ')}]`;

function valueProblem(rule: InputRule, value: unknown): string | undefined {
  const { variable } = rule;
  if (rule.type === 'number') {
    const numeric = typeof value === 'number' || (typeof value === 'string' && (value === '' || Number.isFinite(Number(value))));
    return numeric ? undefined : `${variable} in input form must be a valid number`;
  }
  if (!textTypes.has(rule.type)) return undefined;
  if (typeof value !== 'string') return `(type '${rule.type}') ${variable} in input form must be a string`;
  if (rule.type === 'select' && rule.options !== undefined && !rule.options.includes(value)) {
    return `${variable} in input form must be one of the following: ${pythonList(rule.options)}`;
  }
  if (rule.maxLength !== undefined && [...value].length > rule.maxLength) {
    return `${variable} in input form must be less than ${rule.maxLength} characters`;
  }
  return undefined;
}

/**
 * The first problem Dify's input validation (`_validate_inputs`, dify-api.md §4.1) would find, in Dify's
 * own words, or undefined. Only `null` or an absent key is missing; `""` is a value.
 */
export function inputProblem(rules: readonly InputRule[], inputs: Readonly<Record<string, unknown>>): string | undefined {
  for (const rule of rules) {
    const value = inputs[rule.variable];
    if (value === undefined || value === null) {
      if (rule.required) return `${rule.variable} is required in input form`;
      continue;
    }
    const problem = valueProblem(rule, value);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * Dify 1.13 validates request bodies with pydantic; a failure escapes as a ValueError whose text is pydantic's
 * multi-line message. These helpers reproduce that text closely enough for humans and tolerant clients.
 */
import { invalidParam, type DifyHttpError } from './errors.ts';

// The pydantic of Dify 1.13.3 (capture 21).
const pydanticDocsVersion = '2.13';

/** One failed field (`field` '' for a model-level check); `kind` is pydantic's error type (`missing`, ...). */
export interface FieldProblem {
  field: string;
  detail: string;
  kind: string;
  input: unknown;
}

/** The 400 invalid_param Dify answers when its request model rejects a body or query. */
export function validationError(model: string, problem: FieldProblem): DifyHttpError {
  const { field, detail, kind, input } = problem;
  const message =
    `1 validation error for ${model}\n${field === '' ? '' : `${field}\n`}` +
    `  ${detail} [type=${kind}, input_value=${pythonRepr(input)}, input_type=${pythonTypeName(input)}]\n` +
    `    For further information visit https://errors.pydantic.dev/${pydanticDocsVersion}/v/${kind}`;
  return invalidParam(message);
}

/** A required key that is absent: pydantic's "Field required". */
export function missingField(model: string, field: string, wholeInput: unknown): DifyHttpError {
  return validationError(model, { field, detail: 'Field required', kind: 'missing', input: wholeInput });
}

/** Python's repr of a JSON value, truncated the way pydantic truncates long inputs. */
export function pythonRepr(value: unknown): string {
  const text = fullRepr(value);
  return text.length > 100 ? `${text.slice(0, 48)}...${text.slice(-49)}` : text;
}

function fullRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (Array.isArray(value)) return `[${value.map(fullRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, entry]) => `${fullRepr(key)}: ${fullRepr(entry)}`)
      .join(', ')}}`;
  }
  return 'None';
}

/** Python's type name for a JSON value. */
function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

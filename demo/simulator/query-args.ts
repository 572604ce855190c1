/** Query-string arguments checked as Dify's pydantic query models check them (pure). */
import { uuidPattern } from './ids.ts';
import { validationError } from './pydantic.ts';

/** An integer in [min, max], default when absent. */
export function readLimit(
  model: string,
  query: Record<string, string>,
  name: string,
  range: { min: number; max: number; fallback: number },
): number {
  const raw = query[name];
  if (raw === undefined) return range.fallback;
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
    throw validationError(model, {
      field: name,
      detail: 'Input should be a valid integer, unable to parse string as an integer',
      kind: 'int_parsing',
      input: raw,
    });
  }
  const value = Number.parseInt(raw, 10);
  if (value < range.min) {
    throw validationError(model, {
      field: name,
      detail: `Input should be greater than or equal to ${range.min}`,
      kind: 'greater_than_equal',
      input: raw,
    });
  }
  if (value > range.max) {
    throw validationError(model, {
      field: name,
      detail: `Input should be less than or equal to ${range.max}`,
      kind: 'less_than_equal',
      input: raw,
    });
  }
  return value;
}

/** A UUID-or-empty argument: undefined when absent or empty. */
export function readOptionalUuid(model: string, query: Record<string, string>, name: string): string | undefined {
  const raw = query[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!uuidPattern.test(raw)) {
    throw validationError(model, {
      field: name,
      detail: `Value error, ${name} must be a valid UUID`,
      kind: 'value_error',
      input: query[name],
    });
  }
  return raw.toLowerCase();
}

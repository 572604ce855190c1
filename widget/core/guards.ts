import { isRecord } from '../../shared/json.ts';

/** A plain object read from JSON: the starting point of every narrowing in the widget. */
export type JsonRecord = Record<string, unknown>;

export { isRecord };

/** The string at `key`, or undefined when it is missing or not a string. */
export function readString(record: JsonRecord, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

/** The finite number at `key`, or undefined. */
export function readNumber(record: JsonRecord, key: string): number | undefined {
  const value = record[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The boolean at `key`, or undefined. */
export function readBoolean(record: JsonRecord, key: string): boolean | undefined {
  const value = record[key];
  return typeof value === 'boolean' ? value : undefined;
}

/** The record at `key`, or undefined. */
export function readRecord(record: JsonRecord, key: string): JsonRecord | undefined {
  const value = record[key];
  return isRecord(value) ? value : undefined;
}

/** The strings in the array at `key` (non-strings dropped), or an empty array. */
export function readStrings(record: JsonRecord, key: string): string[] {
  const value = record[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** JSON.parse that returns undefined instead of throwing: stream data is untrusted. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

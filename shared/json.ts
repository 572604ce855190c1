import type { DifyErrorBody } from './dify-wire.ts';

/** True for non-null, non-array objects, the only shape a JSON record can have. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fields of Dify's error shape found in a parsed body or stream frame, each only when it has the
 * right type. Callers decide what a missing one means (the proxy refuses the body, the widget falls back).
 */
export function difyErrorFields(value: unknown): Partial<DifyErrorBody> {
  if (!isRecord(value)) return {};
  const fields: Partial<DifyErrorBody> = {};
  if (typeof value['code'] === 'string') fields.code = value['code'];
  if (typeof value['message'] === 'string') fields.message = value['message'];
  if (typeof value['status'] === 'number' && Number.isFinite(value['status'])) fields.status = value['status'];
  return fields;
}

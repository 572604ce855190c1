import { bearer } from './session.ts';

/** POSTs JSON to a proxy API path with a session token. */
export function postJson(
  baseUrl: string,
  path: string,
  token: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...bearer(token), ...headers },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });
}

/** GETs a proxy API path with a session token and returns status and parsed JSON. */
export async function getJson(baseUrl: string, path: string, token: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${baseUrl}${path}`, { headers: bearer(token) });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

/** Reads a string field from a JSON object, failing the test if it is missing. */
export function field(value: unknown, name: string): string {
  if (typeof value === 'object' && value !== null && name in value) {
    const found: unknown = Object.getOwnPropertyDescriptor(value, name)?.value;
    if (typeof found === 'string') return found;
  }
  throw new Error(`expected a string "${name}" in ${JSON.stringify(value)}`);
}

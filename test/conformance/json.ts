/** Narrowing for data that came over the network: nothing from Dify or the proxy is trusted to have a shape. */

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string property, or undefined when it is missing or not a string. */
export function text(value: unknown, key: string): string | undefined {
  if (!isObject(value)) return undefined;
  const found = value[key];
  return typeof found === 'string' ? found : undefined;
}

/** An object property, or undefined. */
export function object(value: unknown, key: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const found = value[key];
  return isObject(found) ? found : undefined;
}

/** An array property, or undefined. */
export function list(value: unknown, key: string): readonly unknown[] | undefined {
  if (!isObject(value)) return undefined;
  const found = value[key];
  return Array.isArray(found) ? found : undefined;
}

/** Parses JSON text, or undefined when it is not JSON. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** A short rendering of a value for failure reasons (bodies can be long). */
export function brief(value: unknown, max = 160): string {
  const rendered = typeof value === 'string' ? value : JSON.stringify(value);
  return rendered.length > max ? `${rendered.slice(0, max)}…` : rendered;
}

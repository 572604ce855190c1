/**
 * Serialises a JSON value the way Python's `json.dumps` does with default settings, which is how Flask-RESTX
 * renders Dify's plain JSON responses: `", "` and `": "` separators and non-ASCII escaped as `\uXXXX`.
 * Clients must parse JSON rather than string-match it; this keeps the simulator honest about that.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return asciiString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? pythonNumber(value) : 'NaN';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map((item) => pythonJsonDumps(item)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, entry]) => entry !== undefined);
    return `{${entries.map(([key, entry]) => `${asciiString(key)}: ${pythonJsonDumps(entry)}`).join(', ')}}`;
  }
  return 'null';
}

function pythonNumber(value: number): string {
  return JSON.stringify(value);
}

function asciiString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (character) => {
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

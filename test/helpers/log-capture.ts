/** A pino destination that keeps every JSON line, so tests can assert on logs. */
export interface LogCapture {
  write(line: string): void;
  /** Every raw line written so far. */
  lines(): string[];
  /** Every line parsed as JSON. */
  entries(): Record<string, unknown>[];
}

/** Creates an empty log capture. */
export function createLogCapture(): LogCapture {
  const lines: string[] = [];
  return {
    write(line) {
      for (const part of line.split('\n')) if (part.trim() !== '') lines.push(part);
    },
    lines: () => [...lines],
    entries: () =>
      lines.map((line) => {
        const parsed: unknown = JSON.parse(line);
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.fromEntries(Object.entries(parsed)) : {};
      }),
  };
}

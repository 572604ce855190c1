/** A pino destination that keeps every JSON line, so tests can assert on logs. */
export interface LogCapture {
  write(line: string): void;
  /** Every raw line written so far. */
  lines(): string[];
  /** Every line parsed as JSON. */
  entries(): Record<string, unknown>[];
  /**
   * Resolves with the first entry matching `predicate`, already written or still to come; rejects after
   * `timeoutMs`. For lines written after the response ended (the request log line is).
   */
  waitFor(predicate: (entry: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Forgets the lines kept so far (long runs, whose memory is measured). */
  clear(): void;
}

function parse(line: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(line);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.fromEntries(Object.entries(parsed)) : {};
}

/** Creates an empty log capture. */
export function createLogCapture(): LogCapture {
  const lines: string[] = [];
  const waiters = new Set<(entry: Record<string, unknown>) => void>();
  return {
    write(line) {
      for (const part of line.split('\n')) {
        if (part.trim() === '') continue;
        lines.push(part);
        const entry = parse(part);
        // A waiter that is satisfied removes itself; a Set's iteration allows that.
        for (const waiter of waiters) waiter(entry);
      }
    },
    lines: () => [...lines],
    clear: () => {
      lines.length = 0;
    },
    entries: () => lines.map(parse),
    waitFor(predicate, timeoutMs = 5000) {
      const found = lines.map(parse).find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching log line within ${timeoutMs} ms`));
        }, timeoutMs);
        function check(entry: Record<string, unknown>): void {
          if (!predicate(entry)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(entry);
        }
        waiters.add(check);
      });
    },
  };
}

/** Memory figures for the stress tests: heap after a full collection when `--expose-gc` gave us gc(). */

const gc: unknown = Reflect.get(globalThis, 'gc');

/** Collects garbage (several passes, with a pause for finalizers) and returns the heap in use, in bytes. */
export async function settledHeap(): Promise<number> {
  for (let pass = 0; pass < 4; pass += 1) {
    if (typeof gc === 'function') gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.memoryUsage().heapUsed;
}

export const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const percent = (before: number, after: number): string =>
  `${after >= before ? '+' : ''}${(((after - before) / before) * 100).toFixed(1)}%`;

/** Runs `task` for 0 … count-1 with at most `concurrency` running at once. */
export async function pool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Limits raised far above any real site's, so that only the behaviour under test decides. */
export const openLimits = {
  requestsPerIp: 10_000_000,
  requestsPerVisitor: 10_000_000,
  paidCallsPerVisitor: 10_000_000,
  tokensPerVisitorPerDay: 0,
  streamsPerVisitor: 10_000,
  streamsPerIp: 100_000,
  streamsPerApp: 100_000,
} as const;

export const openConnections = { maxConnections: 20_000, connectionsPerIp: 0 } as const;

export const openSession = { mintPerIp: 100_000 } as const;

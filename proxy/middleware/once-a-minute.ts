const intervalMs = 60_000;
/** Past this many remembered keys, those older than a minute are forgotten (a flood of addresses). */
const pruneAbove = 10_000;

/**
 * Lets a log line through once a minute per key (an address, an origin), so a flood of refusals cannot
 * flood the log as well while the operator still learns of each new source.
 */
export class OnceAMinute {
  private readonly lastSaid = new Map<string, number>();

  /** Runs `say` unless it already ran for `key` within the last minute. */
  for(key: string, say: () => void): void {
    const now = Date.now();
    const last = this.lastSaid.get(key);
    if (last !== undefined && now - last < intervalMs) return;
    if (this.lastSaid.size > pruneAbove) {
      for (const [known, saidAt] of this.lastSaid) if (now - saidAt >= intervalMs) this.lastSaid.delete(known);
    }
    this.lastSaid.set(key, now);
    say();
  }
}

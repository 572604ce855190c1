/** Pure figures of the bench: medians over rounds, spreads, ratios, and /proc arithmetic. No I/O here. */

/** The value at quantile `q` (0…1) of the samples, linearly interpolated; NaN for no samples. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(position);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] ?? low;
  return low + (high - low) * (position - below);
}

const median = (samples: readonly number[]): number => quantile(samples, 0.5);

/** One figure over alternating rounds: the median of the per-round values with their spread. */
export interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly rounds: number;
}

export function figureOf(perRound: readonly number[]): Figure {
  const finite = perRound.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, rounds: 0 };
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), rounds: finite.length };
}

/** `value / baseline`, NaN when either is missing or the baseline is zero. */
export function ratio(value: number, baseline: number): number {
  return Number.isFinite(value) && Number.isFinite(baseline) && baseline !== 0 ? value / baseline : Number.NaN;
}

/** The order targets run in for round `round`: rotated each round, so no target always goes first or last. */
export function rotation<T>(items: readonly T[], round: number): T[] {
  if (items.length === 0) return [];
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** CPU time of a process from the text of `/proc/<pid>/stat`, in clock ticks (user + system). */
export function cpuTicksOf(statText: string): number {
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its closing one.
  const fields = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name and state.
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) throw new Error(`not a /proc stat line: ${statText.slice(0, 80)}`);
  return user + system;
}

/** Resident memory in bytes from the text of `/proc/<pid>/status` (its VmRSS line, in kB). */
export function rssBytesOf(statusText: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(statusText);
  if (match?.[1] === undefined) throw new Error('no VmRSS line in /proc status');
  return Number(match[1]) * 1024;
}

/** Counts SSE events (blank-line boundaries) in a text chunk, carrying a trailing partial boundary over. */
export function createEventCounter(): { feed(chunk: string): number; readonly total: number } {
  let carry = '';
  let total = 0;
  return {
    feed(chunk) {
      const text = carry + chunk;
      let found = 0;
      let consumed = 0;
      let at = text.indexOf('\n\n');
      while (at !== -1) {
        found += 1;
        consumed = at + 2;
        at = text.indexOf('\n\n', consumed);
      }
      // A lone newline at the end may be the first half of the next boundary.
      carry = text.endsWith('\n') && consumed !== text.length ? '\n' : '';
      total += found;
      return found;
    },
    get total() {
      return total;
    },
  };
}

/** Formats a figure for the table: `median (min–max)` with a unit and the given digits. */
export function formatFigure(figure: Figure | undefined, digits: number, unit = ''): string {
  if (figure === undefined || figure.rounds === 0) return '–';
  const show = (value: number) => value.toFixed(digits);
  const spread = figure.rounds > 1 ? ` (${show(figure.min)}–${show(figure.max)})` : '';
  return `${show(figure.median)}${unit}${spread}`;
}

export const formatRatio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');

/** Per round, the named numbers one target measured (NaN where a figure does not apply). */
export type RoundSample = Readonly<Record<string, number>>;

/**
 * Every metric of every target as a Figure over its rounds, and for each metric also `added.<metric>`:
 * the per-round difference to the baseline target (round i against round i, so drift between rounds cancels).
 */
export function figuresOf(
  samples: Readonly<Record<string, readonly RoundSample[]>>,
  baseline: string,
): Record<string, Record<string, Figure>> {
  const base = samples[baseline] ?? [];
  const result: Record<string, Record<string, Figure>> = {};
  for (const [target, rounds] of Object.entries(samples)) {
    const metrics = new Set(rounds.flatMap((round) => Object.keys(round)));
    const figures: Record<string, Figure> = {};
    for (const metric of metrics) {
      figures[metric] = figureOf(rounds.map((round) => round[metric] ?? Number.NaN));
      figures[`added.${metric}`] = figureOf(
        rounds.map((round, index) => (round[metric] ?? Number.NaN) - (base[index]?.[metric] ?? Number.NaN)),
      );
    }
    result[target] = figures;
  }
  return result;
}

/** How a measured figure stands against its target: met, or missed by a factor. */
export function verdict(measured: number, limit: number, higherIsBetter = false): { met: boolean; by: number } {
  if (!Number.isFinite(measured)) return { met: false, by: Number.NaN };
  const met = higherIsBetter ? measured >= limit : measured <= limit;
  return { met, by: higherIsBetter ? limit / measured : measured / limit };
}

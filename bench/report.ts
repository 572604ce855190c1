import { formatFigure, formatRatio, ratio, verdict, type Figure } from './stats.ts';

export const direct = 'direct';
export const ours = 'our proxy';
export const pipe = 'raw pipe';

export interface StepResult {
  readonly description: string;
  readonly figures: Record<string, Record<string, Figure>>;
}

export interface BenchResults {
  readonly date: string;
  readonly machine: string;
  readonly durationSeconds: number;
  readonly notices: readonly string[];
  readonly targets: readonly string[];
  readonly steps: Record<string, StepResult>;
  readonly widget?: { readonly lines: readonly string[]; readonly checks: readonly Check[] };
}

/** One line of the relay table: a metric of a step, and what to compare it with. */
interface Row {
  readonly label: string;
  readonly step: string;
  readonly metric: string;
  readonly digits: number;
  readonly unit: string;
  /** The target the ratio column divides by. */
  readonly against?: string;
}

const rows: readonly Row[] = [
  { label: 'added time to first event p50, 1 visitor', step: 'n1', metric: 'added.firstEventP50', digits: 2, unit: ' ms' },
  { label: 'added time to first event p50, 50 streams', step: 'n50', metric: 'added.firstEventP50', digits: 2, unit: ' ms' },
  { label: 'added time to first event p99, 50 streams', step: 'n50', metric: 'added.firstEventP99', digits: 2, unit: ' ms' },
  { label: 'added time to first event p50, 200 streams', step: 'n200', metric: 'added.firstEventP50', digits: 2, unit: ' ms' },
  { label: 'added time to first event p99, 200 streams', step: 'n200', metric: 'added.firstEventP99', digits: 2, unit: ' ms' },
  { label: 'added time to first event p50, 1,000 streams', step: 'n1000', metric: 'added.firstEventP50', digits: 1, unit: ' ms' },
  { label: 'stream starts/s at 1,000 concurrent', step: 'n1000', metric: 'streamsPerSecond', digits: 0, unit: '', against: direct },
  { label: 'errors at 1,000 concurrent (of 1,000 a round)', step: 'n1000', metric: 'errors', digits: 0, unit: '' },
  { label: 'CPU per 11-frame stream, 200 at once', step: 'n200', metric: 'cpuMsPerStream', digits: 3, unit: ' ms', against: pipe },
  { label: 'CPU per event, one event per write', step: 'events', metric: 'cpuUsPerEvent', digits: 1, unit: ' µs', against: pipe },
  { label: 'events/s, 20 streams, no gap', step: 'events', metric: 'eventsPerSecond', digits: 0, unit: '', against: direct },
  { label: 'RSS per open idle stream (2,000 open)', step: 'idle', metric: 'rssKbPerStream', digits: 1, unit: ' KB', against: pipe },
  { label: 'errors with 2,000 open', step: 'idle', metric: 'errors', digits: 0, unit: '' },
  { label: 'client abort → upstream closed', step: 'abort', metric: 'closeMs', digits: 2, unit: ' ms' },
  { label: 'Dify’s stop called (share of aborts)', step: 'abort', metric: 'stopCalled', digits: 2, unit: '' },
  { label: '`POST /session` per second', step: 'sessions', metric: 'mintsPerSecond', digits: 0, unit: '' },
  { label: 'CPU per `POST /session`', step: 'sessions', metric: 'cpuUsPerMint', digits: 0, unit: ' µs' },
];

const figure = (results: BenchResults, step: string, target: string, metric: string): Figure | undefined =>
  results.steps[step]?.figures[target]?.[metric];

function cell(results: BenchResults, row: Row, target: string): string {
  const value = figure(results, row.step, target, row.metric);
  const text = formatFigure(value, row.digits, row.unit);
  if (row.against === undefined || target === row.against || value === undefined || value.rounds === 0) return text;
  const base = figure(results, row.step, row.against, row.metric);
  return `${text}, ${formatRatio(ratio(value.median, base?.median ?? Number.NaN))}`;
}

/** The relay table: medians with min–max over rounds, and where it means something the ratio to the baseline named. */
export function relayTable(results: BenchResults): string[] {
  const header = ['figure', ...results.targets];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const against = row.against === undefined ? '' : ` (× ${row.against})`;
    lines.push(`| ${row.label}${against} | ${results.targets.map((target) => cell(results, row, target)).join(' | ')} |`);
  }
  return lines;
}

export interface Check {
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
  readonly by: number;
}

function check(goal: string, measured: number | undefined, limit: number, digits: number, unit: string, higherIsBetter = false): Check {
  const value = measured ?? Number.NaN;
  return { goal, measured: `${value.toFixed(digits)}${unit}`, ...verdict(value, limit, higherIsBetter) };
}

/** Every target of issue 12 that the relay figures decide, against what was measured. */
export function relayChecks(results: BenchResults): Check[] {
  const of = (step: string, metric: string, target = ours) => figure(results, step, target, metric)?.median;
  const perPipe = (step: string, metric: string) => ratio(of(step, metric) ?? Number.NaN, of(step, metric, pipe) ?? Number.NaN);
  return [
    check('added time to first event p50 ≤ 0.5 ms, 1 visitor', of('n1', 'added.firstEventP50'), 0.5, 2, ' ms'),
    check('added time to first event p50 ≤ 1 ms, 50 streams', of('n50', 'added.firstEventP50'), 1, 2, ' ms'),
    check('added time to first event p99 ≤ 5 ms, 200 streams', of('n200', 'added.firstEventP99'), 5, 2, ' ms'),
    check('CPU per stream ≤ 1.5× the bare pipe', perPipe('n200', 'cpuMsPerStream'), 1.5, 2, '×'),
    check('CPU per event ≤ 1.5× the bare pipe', perPipe('events', 'cpuUsPerEvent'), 1.5, 2, '×'),
    check('1,000 concurrent: 0 errors', of('n1000', 'errors'), 0, 0, ''),
    check('1,000 concurrent: first event within 5 ms of direct', of('n1000', 'added.firstEventP50'), 5, 1, ' ms'),
    check('RSS per open idle stream ≤ 30 KB', of('idle', 'rssKbPerStream'), 30, 1, ' KB'),
    check('2,000 open streams, 0 errors', of('idle', 'errors'), 0, 0, ''),
    check('abort → upstream closed ≤ 5 ms', of('abort', 'closeMs'), 5, 2, ' ms'),
    check('Dify’s stop called every time', figure(results, 'abort', ours, 'stopCalled')?.min, 1, 0, '', true),
    check('`POST /session` ≥ 5,000/s on one core', of('sessions', 'mintsPerSecond'), 5000, 0, '/s', true),
  ];
}

export function checkLines(checks: readonly Check[]): string[] {
  return checks.map((item) => {
    const miss = Number.isFinite(item.by) ? ` — missed by ${item.by.toFixed(2)}×` : ' — not measured';
    return `- ${item.met ? '✅' : '❌'} ${item.goal}: ${item.measured}${item.met ? '' : miss}`;
  });
}

/** The whole markdown report. */
export function markdownReport(results: BenchResults, closingNote: readonly string[]): string {
  const checks = [...relayChecks(results), ...(results.widget?.checks ?? [])];
  return [
    '# `npm run bench`',
    '',
    `${results.date} on ${results.machine}; ${results.durationSeconds} s in all. Medians over alternating rounds, (min–max) across rounds;`,
    '"added" is the difference to `direct` in the same round. Loopback only; the fake Dify runs in its own process.',
    '',
    '## Relays',
    '',
    ...relayTable(results),
    '',
    '## Steps',
    '',
    ...Object.entries(results.steps).map(([name, step]) => `- \`${name}\`: ${step.description}`),
    '',
    ...(results.widget === undefined ? [] : ['## Widget', '', ...results.widget.lines, '']),
    '## Targets (issue 12)',
    '',
    ...checkLines(checks),
    '',
    ...(results.notices.length === 0 ? [] : ['## Notices', '', ...results.notices.map((notice) => `- ${notice}`), '']),
    ...closingNote,
  ].join('\n');
}

const readmeStart = '<!-- bench:start (written by `npm run bench`) -->';
const readmeEnd = '<!-- bench:end -->';

/** README.md with its Performance figures replaced by these results' (unchanged when it has no markers). */
export function withReadmeFigures(readme: string, results: BenchResults): string {
  const start = readme.indexOf(readmeStart);
  const end = readme.indexOf(readmeEnd);
  if (start === -1 || end < start) return readme;
  const checks = [...relayChecks(results), ...(results.widget?.checks ?? [])];
  const section = [
    readmeStart,
    `Latest run: ${results.date}, ${results.machine}; ${results.durationSeconds} s. Medians over alternating rounds with (min–max); the full report with`,
    'every step is [`bench/report.md`](bench/report.md), the raw figures `bench/results.json`.',
    '',
    ...relayTable(results),
    '',
    ...(results.widget?.lines ?? []),
    `Targets of issue 12 met: ${checks.filter((item) => item.met).length} of ${checks.length}:`,
    '',
    ...checkLines(checks),
    readmeEnd,
  ];
  return `${readme.slice(0, start)}${section.join('\n')}${readme.slice(end + readmeEnd.length)}`;
}

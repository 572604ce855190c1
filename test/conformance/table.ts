/** The results as a table: check × mode × (direct, proxy), with each reason once, as a numbered note. */
import { modes, type ModeName } from './modes.ts';
import { checkNames, type CheckName, type PathName } from './plan.ts';
import type { CellResult, Outcome } from './results.ts';

class Notes {
  private readonly texts: string[] = [];

  /** The cell's text; a reason or note becomes `[n]`, the same text always the same number. */
  cell(outcome: Outcome | undefined): string {
    if (outcome === undefined) return '?';
    const label = outcome.kind === 'fail' ? 'FAIL' : outcome.kind;
    const detail = outcome.kind === 'pass' ? outcome.note : `${outcome.kind === 'fail' ? 'fail' : 'skipped'}: ${outcome.reason}`;
    if (detail === undefined) return label;
    let index = this.texts.indexOf(detail);
    if (index === -1) index = this.texts.push(detail) - 1;
    return `${label} [${index + 1}]`;
  }

  render(): string[] {
    return this.texts.map((note, index) => `[${index + 1}] ${note}`);
  }
}

function find(results: readonly CellResult[], mode: ModeName, check: CheckName, path: PathName): Outcome | undefined {
  return results.find((result) => result.mode === mode && result.check === check && result.path === path)?.outcome;
}

/** A mode whose every cell has one outcome that is not a pass (no key, a wrong key) gets one row. */
function wholeMode(results: readonly CellResult[], mode: ModeName): Outcome | undefined {
  const mine = results.filter((result) => result.mode === mode);
  const first = mine[0]?.outcome;
  if (first === undefined || first.kind === 'pass') return undefined;
  return mine.every((result) => result.outcome.kind === first.kind && result.outcome.reason === first.reason) ? first : undefined;
}

function rows(results: readonly CellResult[], notes: Notes): string[][] {
  const table: string[][] = [];
  for (const { name } of modes) {
    const whole = wholeMode(results, name);
    if (whole !== undefined) {
      table.push(['(every check)', name, notes.cell(whole), notes.cell(whole)]);
      continue;
    }
    for (const check of checkNames) {
      table.push([check, name, notes.cell(find(results, name, check, 'direct')), notes.cell(find(results, name, check, 'proxy'))]);
    }
  }
  return table;
}

export function renderTable(results: readonly CellResult[]): string {
  const notes = new Notes();
  const table = [['check', 'mode', 'direct', 'proxy'], ...rows(results, notes)];
  const widths = [0, 1, 2, 3].map((column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  const lines = table.map((row) =>
    row
      .map((value, column) => value.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  return [...lines, '', ...notes.render()].join('\n');
}

export function failures(results: readonly CellResult[]): CellResult[] {
  return results.filter((result) => result.outcome.kind === 'fail');
}

import { describe, expect, it } from 'vitest';
import { relayChecks, withReadmeFigures, type BenchResults } from '../../bench/report.ts';
import { figuresOf } from '../../bench/stats.ts';

const results: BenchResults = {
  date: '2026-12-02 15:00 UTC',
  machine: 'test machine',
  durationSeconds: 1,
  notices: [],
  targets: ['direct', 'our proxy', 'raw pipe'],
  steps: {
    n1: {
      description: 'one visitor',
      figures: figuresOf(
        { direct: [{ firstEventP50: 1 }], 'our proxy': [{ firstEventP50: 1.25 }], 'raw pipe': [{ firstEventP50: 1.1 }] },
        'direct',
      ),
    },
    events: {
      description: 'events',
      figures: figuresOf(
        { direct: [{ cpuUsPerEvent: Number.NaN }], 'our proxy': [{ cpuUsPerEvent: 40 }], 'raw pipe': [{ cpuUsPerEvent: 20 }] },
        'direct',
      ),
    },
  },
};

describe('bench report', () => {
  it('judges the targets from the medians: added latency against direct, CPU against the bare pipe', () => {
    const checks = relayChecks(results);
    const latency = checks.find((check) => check.goal.includes('1 visitor'));
    expect(latency).toMatchObject({ met: true, measured: '0.25 ms' });
    const perEvent = checks.find((check) => check.goal.startsWith('CPU per event'));
    expect(perEvent).toMatchObject({ met: false, measured: '2.00×' });
    expect(perEvent?.by).toBeCloseTo(2 / 1.5);
    expect(checks.find((check) => check.goal.includes('POST /session'))?.measured).toBe('NaN/s');
  });

  it('replaces only what lies between the README markers', () => {
    const readme = 'before\n<!-- bench:start (written by `npm run bench`) -->\nold figures\n<!-- bench:end -->\nafter\n';
    const updated = withReadmeFigures(readme, results);
    expect(updated.startsWith('before\n<!-- bench:start')).toBe(true);
    expect(updated.endsWith('<!-- bench:end -->\nafter\n')).toBe(true);
    expect(updated).not.toContain('old figures');
    expect(updated).toContain('2026-12-02 15:00 UTC, test machine');
    expect(withReadmeFigures('no markers here', results)).toBe('no markers here');
  });
});

import { describe, expect, it } from 'vitest';
import {
  cpuTicksOf,
  createEventCounter,
  figureOf,
  figuresOf,
  formatFigure,
  quantile,
  ratio,
  rotation,
  rssBytesOf,
  verdict,
} from '../../bench/stats.ts';

describe('bench figures', () => {
  it('interpolates quantiles and ignores the order of samples', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 0], 0.99)).toBeCloseTo(9.9);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('gives the median of rounds with their spread, leaving out rounds that measured nothing', () => {
    expect(figureOf([5, 1, Number.NaN, 3])).toEqual({ median: 3, min: 1, max: 5, rounds: 3 });
    expect(figureOf([Number.NaN]).rounds).toBe(0);
    expect(formatFigure(figureOf([2, 1, 3]), 1, ' ms')).toBe('2.0 ms (1.0–3.0)');
    expect(formatFigure(figureOf([]), 1)).toBe('–');
  });

  it('compares each round with the baseline of the same round', () => {
    const figures = figuresOf(
      {
        direct: [{ ttfe: 1 }, { ttfe: 5 }, { ttfe: 2 }],
        relay: [{ ttfe: 1.5 }, { ttfe: 5.25 }, { ttfe: 3 }],
      },
      'direct',
    );
    expect(figures['relay']?.['added.ttfe']).toEqual({ median: 0.5, min: 0.25, max: 1, rounds: 3 });
    expect(figures['direct']?.['added.ttfe']?.median).toBe(0);
    expect(ratio(3, 1.5)).toBe(2);
    expect(ratio(3, 0)).toBeNaN();
  });

  it('rotates the order of targets every round', () => {
    expect(rotation(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(rotation(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(rotation(['a', 'b', 'c'], 5)).toEqual(['c', 'a', 'b']);
  });

  it('reads CPU ticks and resident memory from /proc text, even with spaces in the command name', () => {
    const stat = '4242 (node main) S 1 4242 4242 0 -1 4194560 5000 0 0 0 731 169 0 0 20 0 11 0 123 1000 2000';
    expect(cpuTicksOf(stat)).toBe(900);
    expect(() => cpuTicksOf('garbage')).toThrow();
    expect(rssBytesOf('Name:\tnode\nVmRSS:\t   51200 kB\nVmData: 1 kB\n')).toBe(51200 * 1024);
  });

  it('counts SSE events across chunk boundaries', () => {
    const counter = createEventCounter();
    expect(counter.feed('data: a\n')).toBe(0);
    expect(counter.feed('\ndata: b\n\n')).toBe(2);
    expect(counter.feed('data: c\n\n')).toBe(1);
    expect(counter.feed('\ndata: d\n\n')).toBe(1);
    expect(counter.total).toBe(4);
  });

  it('says by how much a target is missed', () => {
    expect(verdict(0.4, 0.5)).toEqual({ met: true, by: 0.8 });
    expect(verdict(2, 0.5)).toEqual({ met: false, by: 4 });
    expect(verdict(2500, 5000, true)).toEqual({ met: false, by: 2 });
    expect(verdict(Number.NaN, 1).met).toBe(false);
  });
});

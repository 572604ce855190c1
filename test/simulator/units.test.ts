import { describe, expect, it } from 'vitest';
import { markdownShowcase } from '../../demo/simulator/answers.ts';
import { authenticate } from '../../demo/simulator/auth.ts';
import { chunkFinely, chunkMarkdown, chunkWords } from '../../demo/simulator/chunking.ts';
import { DifyHttpError } from '../../demo/simulator/errors.ts';
import { formFor, validateInputs } from '../../demo/simulator/input-form.ts';
import { pythonJsonDumps } from '../../demo/simulator/python-json.ts';
import { planAnswer, slowGapMs } from '../../demo/simulator/scenarios.ts';

const pacing = { chunkDelayMs: 5, pingIntervalMs: 100 };

describe('chunking', () => {
  const samples = ['Hello, **world**! 👋🏽 Café', markdownShowcase, '  leading and trailing  ', '中文 and emoji 🎉🎉', ''];

  it('never loses or reorders a character', () => {
    for (const sample of samples) {
      expect(chunkWords(sample).join('')).toBe(sample);
      expect(chunkFinely(sample).join('')).toBe(sample);
      expect(chunkMarkdown(sample).join('')).toBe(sample);
    }
  });

  it('never splits a code point, so every chunk survives JSON and UTF-8', () => {
    for (const chunk of chunkFinely('👋🏽🎉 café 中文')) {
      expect(Buffer.from(chunk, 'utf8').toString('utf8')).toBe(chunk);
      expect(chunk).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });
});

describe('planAnswer', () => {
  it('reads echo and scenarios from the whole trimmed query', () => {
    expect(planAnswer('  echo: hi there  ', pacing)).toMatchObject({ kind: 'complete', withSources: false });
    expect(planAnswer('scenario: stall', pacing)).toEqual({ kind: 'stall' });
    expect(planAnswer('scenario: drop', pacing).kind).toBe('drop');
    expect(planAnswer('scenario: error-midstream', pacing).kind).toBe('error');
    expect(planAnswer('please scenario: stall', pacing).kind).toBe('complete');
  });

  it('makes slow gaps longer than the ping interval', () => {
    const plan = planAnswer('scenario: slow', pacing);
    expect(plan.kind === 'complete' ? plan.gapMs : 0).toBeGreaterThan(pacing.pingIntervalMs);
    expect(slowGapMs({ chunkDelayMs: 40, pingIntervalMs: 10_000 })).toBeGreaterThan(10_000);
  });

  it('holds the rest of a `hold` answer far longer than its first words take', () => {
    const plan = planAnswer('scenario: hold', pacing);
    expect(plan).toMatchObject({ kind: 'complete', openingGapMs: pacing.chunkDelayMs, chunks: expect.arrayContaining(['This answer ']) });
    expect(plan.kind === 'complete' ? plan.gapMs / pacing.chunkDelayMs : 0).toBeGreaterThan(100);
  });
});

describe('input validation', () => {
  it('keeps only the form variables and fills defaults', () => {
    const form = formFor({ key: 'k', mode: 'completion' });
    expect(validateInputs(form, { topic: 'owls', tone: 'formal', extra: 1 })).toEqual({
      topic: 'owls',
      details: '',
      tone: 'formal',
      words: 120,
    });
  });

  it('rejects a non-string text value the way Dify words it', () => {
    const form = formFor({ key: 'k', mode: 'completion' });
    expect(() => validateInputs(form, { topic: 5, tone: 'formal' })).toThrow("(type 'text-input') topic in input form must be a string");
  });
});

describe('authenticate', () => {
  const apps = new Map([['app-1', { key: 'app-1', mode: 'chat' as const }]]);

  it('finds the app for a bearer key', () => {
    expect(authenticate('Bearer app-1', apps).key).toBe('app-1');
  });

  it('throws 401s carrying the WWW-Authenticate header', () => {
    for (const header of [undefined, 'app-1', 'Token app-1', 'Bearer app-2']) {
      try {
        authenticate(header, apps);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DifyHttpError);
        expect(error instanceof DifyHttpError ? error.headers : {}).toEqual({ 'WWW-Authenticate': 'Bearer realm="api"' });
      }
    }
  });
});

describe('pythonJsonDumps', () => {
  it('uses Python separators and escapes non-ASCII', () => {
    expect(pythonJsonDumps({ a: [1, 'é'], b: null, c: true })).toBe('{"a": [1, "\\u00e9"], "b": null, "c": true}');
    expect(JSON.parse(pythonJsonDumps({ emoji: '👋🏽', nested: { x: 'y' } }))).toEqual({ emoji: '👋🏽', nested: { x: 'y' } });
  });
});

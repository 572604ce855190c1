import { describe, expect, it } from 'vitest';
import { english, type Catalogue } from '../../../widget/i18n/en.ts';
import { mediaEnglish } from '../../../widget/media/strings-en.ts';

const locales = import.meta.glob<Catalogue>('../../../widget/i18n/locales/*.ts', { eager: true, import: 'default' });
const byCode = Object.entries(locales).map(([path, catalogue]) => [path.replace(/^.*\/|\.ts$/g, ''), catalogue] as const);

/** Every key path with the kind of value at it: `problems.offline: string`, `chatWith: function`. */
function shape(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [`${prefix}: ${typeof value}`];
  return Object.entries(value).flatMap(([key, inner]) => shape(inner, prefix ? `${prefix}.${key}` : key));
}

function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, inner]) => leaves(inner, prefix ? `${prefix}.${key}` : key));
}

/** What each function key is called with, and what its result must show of the value. */
const numeric = new Set(['issues.too-long', 'problems.rateLimited', 'charactersLeft', 'charactersOver', 'thought']);
/** Keys that take a list of sentences. */
const lists = new Set(['sentences']);

describe('language catalogues', () => {
  it('ships the twelve languages besides English', () => {
    expect(byCode.map(([code]) => code).sort()).toEqual(['ar', 'de', 'es', 'fa', 'fr', 'it', 'ja', 'ko', 'pt', 'ru', 'zh-Hans', 'zh-Hant']);
  });

  for (const [code, catalogue] of byCode) {
    describe(code, () => {
      it('has exactly the keys of English, with the same kinds of values', () => {
        // The upload and voice strings' English is in their own chunk (widget/media/strings-en.ts).
        expect(shape(catalogue)).toEqual(shape({ ...english, media: mediaEnglish }));
      });

      it('has no empty string, no English left untranslated and no unfilled placeholder', () => {
        const englishLeaves = new Map(leaves({ ...english, media: mediaEnglish }));
        for (const [key, value] of leaves(catalogue)) {
          if (typeof value !== 'string') continue;
          expect(value.trim(), key).not.toBe('');
          expect(value, key).not.toMatch(/\{\w*\}|\$\{/);
          // "(optional)", "Chat", "Message"… are the same word in some languages.
          if (value.length > 12) expect(value, key).not.toBe(englishLeaves.get(key));
        }
      });

      it('puts the value into every string that takes one (placeholders match English)', () => {
        for (const [key, value] of leaves(catalogue)) {
          if (typeof value !== 'function') continue;
          if (numeric.has(key)) {
            const call = (n: number | undefined): unknown => Reflect.apply(value, undefined, [n]);
            expect(call(12), key).not.toEqual(call(47));
            expect(String(call(12)), key).not.toMatch(/undefined|NaN/);
            continue;
          }
          const result = String(Reflect.apply(value, undefined, lists.has(key) ? [['sentinel_value', 'other']] : ['sentinel_value']));
          expect(result, key).toMatch(/sentinel.value/i);
        }
        expect(String(catalogue.problems.rateLimited(undefined))).not.toMatch(/undefined/);
        // A long wait reads in minutes ("in 6 minutes"), not as 301 seconds.
        expect(catalogue.problems.rateLimited(301)).not.toMatch(/301/);
        expect(catalogue.problems.rateLimited(301)).toMatch(/6|٦|۶|六/);
        expect(catalogue.answerPaused('')).not.toMatch(/sentinel|undefined/);
      });
    });
  }

  it('sets labels and sentences with each language’s own punctuation and spacing', () => {
    const catalogueOf = (code: string): Catalogue => {
      const found = byCode.find(([candidate]) => candidate === code)?.[1];
      if (!found) throw new Error(`no ${code} catalogue`);
      return found;
    };
    expect(english.labelled(english.you)).toBe('You: ');
    // French puts a (narrow, unbreakable) space before the colon; Chinese and Japanese a full-width colon, no space.
    expect(catalogueOf('fr').labelled('Vous')).toBe('Vous\u202f: ');
    for (const code of ['ja', 'zh-Hans', 'zh-Hant']) {
      const cjk = catalogueOf(code);
      expect(cjk.labelled(cjk.you), code).toMatch(/^\S+：$/);
      expect(cjk.sentences(['一。', '二。']), code).toBe('一。二。');
      expect(cjk.answerPaused('はい。'), code).not.toMatch(/\s/);
      expect(cjk.charactersLeft(3), code).not.toContain(':');
    }
    expect(english.sentences(['One.', 'Two.'])).toBe('One. Two.');
    expect(catalogueOf('ar').labelled('أنت')).toBe('أنت: ');
  });

  it('formats counts and waits with Intl in the catalogue’s language', () => {
    expect(english.problems.rateLimited(1)).toContain('in 1 second.');
    expect(english.problems.rateLimited(5)).toContain('in 5 seconds.');
    const russian = byCode.find(([code]) => code === 'ru')?.[1];
    expect(russian?.problems.rateLimited(1)).toContain('через 1 секунду');
    expect(russian?.problems.rateLimited(5)).toContain('через 5 секунд');
    const german = byCode.find(([code]) => code === 'de')?.[1];
    expect(german?.issues['too-long'](1000)).toContain('1.000');
  });
});

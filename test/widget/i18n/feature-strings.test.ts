import { afterEach, describe, expect, it } from 'vitest';
import { completionStrings } from '../../../widget/completion/strings.ts';
import { drawerStrings } from '../../../widget/conversations/strings.ts';
import { diagramStrings } from '../../../widget/markdown/mermaid/strings.ts';
import { formStrings } from '../../../widget/ui/InputsForm.strings.ts';
import { workflowStrings } from '../../../widget/workflow/strings.ts';
import { ownerStrings } from '../../../widget/i18n/catalogue.ts';
import { applyOverrides } from '../../../widget/i18n/overrides.ts';
import { pickStrings } from '../../../widget/i18n/feature-strings.ts';
import { mediaEnglish } from '../../../widget/media/strings-en.ts';
import { mediaStrings } from '../../../widget/media/strings.ts';

const locales = import.meta.glob('../../../widget/i18n/locales/*.ts');
const codes = ['en', ...Object.keys(locales).map((path) => path.replace(/^.*\/|\.ts$/g, ''))].sort();

const tables = { drawerStrings, workflowStrings, completionStrings, formStrings, diagramStrings };

describe('strings shipped with lazily loaded features', () => {
  for (const [name, table] of Object.entries(tables)) {
    it(`${name}: every catalogue language, each string translated and filled`, () => {
      expect(Object.keys(table).sort()).toEqual(codes);
      const english: Record<string, unknown> = table.en;
      for (const [code, strings] of Object.entries(table)) {
        expect(Object.keys(strings), code).toEqual(Object.keys(english));
        for (const [key, value] of Object.entries(strings as Record<string, unknown>)) {
          const text = typeof value === 'function' ? String(value('«X»')) : String(value);
          expect(text.trim(), `${code}.${key}`).not.toBe('');
          expect(text, `${code}.${key}`).not.toMatch(/\$\{/);
          if (typeof value === 'function') expect(text, `${code}.${key}`).toContain('«X»');
          if (code !== 'en' && text.length > 12)
            expect(text, `${code}.${key}`).not.toBe(
              typeof english[key] === 'function' ? String((english[key] as (n: string) => string)('«X»')) : english[key],
            );
        }
      }
    });
  }
});

describe('the site owner’s strings', () => {
  /** What choose.ts sets once the owner's `strings` have loaded. */
  const setOwnerStrings = (overrides: Record<string, unknown>) => {
    ownerStrings.value = (strings, section) => applyOverrides(strings, section === undefined ? overrides : overrides[section]);
  };
  afterEach(() => {
    ownerStrings.value = undefined;
  });

  it('replace a lazily loaded feature’s strings by key, placeholders included', () => {
    setOwnerStrings({ rename: 'Give it a name', confirmDelete: 'Throw away {name}?', unknownKey: 'ignored' });
    const strings = pickStrings(drawerStrings);
    expect(strings.rename).toBe('Give it a name');
    expect(strings.confirmDelete('Trip plans')).toBe('Throw away Trip plans?');
    expect(strings.remove).toBe(drawerStrings.en.remove);
    expect(Object.keys(strings)).toEqual(Object.keys(drawerStrings.en));
  });

  it('replace the English upload and voice strings under `media`', () => {
    const [key] = Object.keys(mediaEnglish);
    if (key === undefined) throw new Error('no media strings');
    setOwnerStrings({ media: { [key]: 'Owner’s words' } });
    expect(Reflect.get(mediaStrings(), key)).toBe('Owner’s words');
  });
});

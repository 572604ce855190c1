import { describe, expect, it } from 'vitest';
import { completionStrings } from '../../../widget/completion/strings.ts';
import { drawerStrings } from '../../../widget/conversations/strings.ts';
import { formStrings } from '../../../widget/ui/InputsForm.strings.ts';
import { workflowStrings } from '../../../widget/workflow/strings.ts';

const locales = import.meta.glob('../../../widget/i18n/locales/*.ts');
const codes = ['en', ...Object.keys(locales).map((path) => path.replace(/^.*\/|\.ts$/g, ''))].sort();

const tables = { drawerStrings, workflowStrings, completionStrings, formStrings };

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

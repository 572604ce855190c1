import { language, ownerStrings } from './catalogue.ts';

/** The languages of the catalogue (English and ./locales/). */
type LanguageCode = 'en' | 'ar' | 'de' | 'es' | 'fa' | 'fr' | 'it' | 'ja' | 'ko' | 'pt' | 'ru' | 'zh-Hans' | 'zh-Hant';

/**
 * The strings of a lazily loaded feature (the conversations drawer, the workflow view…) in every
 * language, shipped in the feature's own chunk: a plain chat neither fetches nor gzips them. The
 * catalogue keeps what the chat itself shows. The site owner's `difyWidgetConfig.strings` apply to these
 * too, by the same keys at the top level (e.g. `{ rename: "Umbenennen" }`).
 */
export type FeatureStrings<Strings> = Record<LanguageCode, Strings>;

/** The feature's strings in the active language (read inside render, so a language switch re-renders). */
export function pickStrings<Strings extends object>(table: FeatureStrings<Strings>): Strings {
  const code = language.value;
  const strings = Object.hasOwn(table, code) ? table[code as LanguageCode] : table.en;
  return ownerStrings.value?.(strings) ?? strings;
}

import { codes, load } from 'virtual:dify-widget-locales';
import { english, type Catalogue } from './en.ts';

/**
 * The supported language for a tag (`lang`, Dify's `default_language`, a `navigator.languages`
 * entry), or undefined: `pt-BR` → pt, `ja-JP` → ja, `zh-CN`/`zh-SG`/`zh` → zh-Hans,
 * `zh-TW`/`zh-HK`/`zh-MO`/`zh-Hant-*` → zh-Hant.
 */
export function matchLanguage(tag = ''): string | undefined {
  const primary = tag.slice(0, 3).toLowerCase();
  if (/^zh\b/.test(primary)) return /-(hant|tw|hk|mo)\b/i.test(tag) ? 'zh-Hant' : 'zh-Hans';
  // Every other code has two letters, so a two-letter match in the list is a whole code.
  return /^[a-z]{2}\b/.test(primary) && (codes + ' en').includes(primary.slice(0, 2)) ? primary.slice(0, 2) : undefined;
}

/** A supported language's catalogue: English is built in, the others are fetched on demand. */
export const loadCatalogue = async (code: string): Promise<Catalogue> => (code === 'en' ? english : (await load(code)).default);

export const isRightToLeft = (code: string): boolean => code === 'ar' || code === 'fa';

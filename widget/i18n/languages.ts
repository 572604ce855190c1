import { codes, load } from 'virtual:dify-widget-locales';
import { english, type Catalogue } from './en.ts';

/**
 * The supported language for a tag (`lang`, Dify's `default_language`, a `navigator.languages`
 * entry), or undefined: `pt-BR` → pt, `ja-JP` → ja, `zh-CN`/`zh-SG`/`zh` → zh-Hans,
 * `zh-TW`/`zh-HK`/`zh-MO`/`zh-Hant-*` → zh-Hant.
 */
export function matchLanguage(tag = ''): string | undefined {
  const code = /^[a-z]{2}\b/i.exec(tag)?.[0].toLowerCase();
  if (code === 'zh') return /-(hant|tw|hk|mo)\b/i.test(tag) ? 'zh-Hant' : 'zh-Hans';
  return code && ` ${codes} en `.includes(` ${code} `) ? code : undefined;
}

/** A supported language's catalogue: English is built in, the others are fetched on demand. */
export const loadCatalogue = async (code: string): Promise<Catalogue> => (code === 'en' ? english : (await load(code)).default);

export const isRightToLeft = (code: string): boolean => code === 'ar' || code === 'fa';

import { catalogue, language } from './catalogue.ts';
import type { Catalogue } from './en.ts';
import { loadCatalogue, matchLanguage } from './languages.ts';

type Loose = Record<string, unknown>;

/**
 * The site owner's `strings` on top of a catalogue, key by key. A key that takes a value is
 * written with a placeholder (`chatWith: "Talk to {title}"`), replaced by the value. Unknown keys
 * and wrong types are ignored, so the result keeps the catalogue's shape.
 */
export function applyOverrides(base: Catalogue, overrides: unknown): Catalogue {
  const merge = (into: Loose, over: unknown): Loose => {
    const out: Loose = { ...into };
    for (const [key, value] of Object.entries(Object(over) as Loose)) {
      const original = into[key];
      if (original === undefined) continue;
      if (typeof value === 'string' && typeof original !== 'object')
        out[key] = typeof original === 'string' ? value : (arg: unknown) => value.replace(/\{\w*\}/g, String(arg ?? ''));
      else if (typeof original === 'object') out[key] = merge(original as Loose, value);
    }
    return out;
  };
  return merge(base, overrides) as Catalogue;
}

let warned = false;

/**
 * Picks the interface language: the embed's `lang`, then Dify's default language (given later,
 * through the returned function, once `/site` is read), then the browser's, then English. Loads
 * its chunk and applies the site owner's overrides; an unknown `lang` warns once per page.
 */
export function chooseLanguage(
  lang: string | undefined,
  overrides: unknown,
  browser = navigator.languages,
): (appLanguage?: string) => void {
  const fixed = matchLanguage(lang);
  if (lang && !fixed && !warned) {
    warned = true;
    console.warn(`dify-widget: unknown lang "${lang}", see EMBEDDING.md`);
  }
  let requested = '';
  const apply = (code = 'en') => {
    if (code === requested) return;
    requested = code;
    // A language chunk that fails to load (offline, a blocked URL) leaves the current catalogue.
    loadCatalogue(code).then(
      (loaded) => {
        if (code !== requested) return;
        catalogue.value = applyOverrides(loaded, overrides);
        language.value = code;
      },
      () => undefined,
    );
  };
  apply(fixed ?? browser.map(matchLanguage).find(Boolean));
  return (appLanguage) => fixed || apply(matchLanguage(appLanguage) ?? requested);
}

import { catalogue, language, ownerStrings } from './catalogue.ts';
import { loadCatalogue, matchLanguage } from './languages.ts';

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
    // The overrides' code is its own small chunk, fetched only by sites that set `strings`.
    const overridden = overrides
      ? Promise.all([loadCatalogue(code), import('./overrides.ts')]).then(([loaded, { applyOverrides }]) => {
          ownerStrings.value = (strings, section) =>
            applyOverrides(strings, section === undefined ? overrides : Reflect.get(Object(overrides), section));
          return applyOverrides(loaded, overrides);
        })
      : loadCatalogue(code);
    overridden.then(
      (loaded) => {
        if (code !== requested) return;
        catalogue.value = loaded;
        language.value = code;
      },
      () => undefined,
    );
  };
  apply(fixed ?? browser.map(matchLanguage).find(Boolean));
  return (appLanguage) => fixed || apply(matchLanguage(appLanguage) ?? requested);
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogue, language, ownerStrings } from '../../../widget/i18n/catalogue.ts';
import { chooseLanguage } from '../../../widget/i18n/choose.ts';
import { applyOverrides } from '../../../widget/i18n/overrides.ts';
import { english } from '../../../widget/i18n/en.ts';
import { matchLanguage } from '../../../widget/i18n/languages.ts';

/** Waits for the chosen catalogue to be applied (chunks load asynchronously). */
async function settled(code: string): Promise<void> {
  await vi.waitFor(() => expect(language.value).toBe(code));
}

afterEach(async () => {
  chooseLanguage('en', undefined);
  await settled('en');
  vi.restoreAllMocks();
});

describe('matchLanguage', () => {
  it.each([
    ['en-US', 'en'],
    ['ja-JP', 'ja'],
    ['ko-KR', 'ko'],
    ['pt-BR', 'pt'],
    ['pt-PT', 'pt'],
    ['es-419', 'es'],
    ['fr-CA', 'fr'],
    ['de-CH', 'de'],
    ['ru-RU', 'ru'],
    ['it-IT', 'it'],
    ['ar-EG', 'ar'],
    ['fa-IR', 'fa'],
    ['zh', 'zh-Hans'],
    ['zh-CN', 'zh-Hans'],
    ['zh-SG', 'zh-Hans'],
    ['zh-Hans', 'zh-Hans'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-MO', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['zh-Hant-TW', 'zh-Hant'],
    ['ZH-tw', 'zh-Hant'],
  ])('%s → %s', (tag, code) => {
    expect(matchLanguage(tag)).toBe(code);
  });

  it.each(['xx', 'tlh', 'nl-NL', 'a', '', 'sv', 'an', 'nt', 'ns-X', 'h-'])('%s is not a language the widget has', (tag) => {
    expect(matchLanguage(tag)).toBeUndefined();
  });
});

describe('chooseLanguage', () => {
  it('uses the embed lang before Dify’s default language and the browser’s', async () => {
    const useAppLanguage = chooseLanguage('de', undefined, ['ja-JP']);
    useAppLanguage('fr-FR');
    await settled('de');
    expect(catalogue.value.send).toBe('Senden');
    await Promise.resolve();
    expect(language.value).toBe('de');
  });

  it('without lang, starts in the browser’s language and switches to Dify’s default language', async () => {
    const useAppLanguage = chooseLanguage(undefined, undefined, ['nl-NL', 'ja-JP', 'en']);
    await settled('ja');
    expect(catalogue.value.messagePlaceholder).toBe('メッセージを入力…');
    useAppLanguage('zh-Hans');
    await settled('zh-Hans');
    expect(catalogue.value.send).toBe('发送');
    useAppLanguage(undefined);
    useAppLanguage('xx-YY');
    await Promise.resolve();
    expect(language.value).toBe('zh-Hans');
  });

  it('falls back to English when nothing matches', async () => {
    chooseLanguage('de', undefined);
    await settled('de');
    chooseLanguage(undefined, undefined, ['nl', 'sv-SE']);
    await settled('en');
    expect(catalogue.value).toEqual(english);
  });

  it('warns once per page about an unknown lang, and falls back to the browser’s language', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    chooseLanguage('tlh', undefined, ['es-MX']);
    await settled('es');
    chooseLanguage('xx', undefined, []);
    chooseLanguage('tlh', undefined, []);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('"tlh"');
  });

  it('applies the site owner’s overrides on top of the chosen language', async () => {
    chooseLanguage('fr', { send: 'Poser', chatWith: 'Parler à {title}', problems: { offline: 'Hors ligne.' } });
    await settled('fr');
    expect(catalogue.value.send).toBe('Poser');
    expect(catalogue.value.chatWith('Acme')).toBe('Parler à Acme');
    expect(catalogue.value.problems.offline).toBe('Hors ligne.');
    expect(catalogue.value.stop).toBe('Arrêter');
  });

  it('hands the site owner’s strings to the lazily loaded parts, by key and by section', async () => {
    chooseLanguage('fr', { rename: 'Nommer', media: { attach: 'Joindre un fichier' } });
    await settled('fr');
    const apply = ownerStrings.value;
    expect(apply?.({ rename: 'Renommer', remove: 'Supprimer' })).toEqual({ rename: 'Nommer', remove: 'Supprimer' });
    expect(apply?.({ attach: 'Joindre' }, 'media')).toEqual({ attach: 'Joindre un fichier' });
  });
});

describe('applyOverrides', () => {
  it('replaces strings key by key and ignores unknown keys and wrong types', () => {
    const result = applyOverrides(english, {
      send: 'Ask',
      stop: 42,
      nope: 'x',
      issues: 'not an object',
      problems: { rateLimited: 'Slow down, wait {seconds} s.', offline: 'No network.' },
    });
    expect(result.send).toBe('Ask');
    expect(result.stop).toBe('Stop');
    expect(result).not.toHaveProperty('nope');
    expect(result.problems.offline).toBe('No network.');
    expect(result.problems.session).toBe(english.problems.session);
    expect(result.issues).toEqual(english.issues);
    expect(result.problems.rateLimited(3)).toBe('Slow down, wait 3 s.');
    expect(english.send).toBe('Send');
  });

  it('ignores overrides that are not an object', () => {
    expect(applyOverrides(english, 'Send')).toEqual(english);
    expect(applyOverrides(english, null)).toEqual(english);
    expect(applyOverrides(english, ['x'])).toEqual(english);
  });
});

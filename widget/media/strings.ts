import { catalogue, stringOverrides } from '../i18n/catalogue.ts';
import { applyOverrides } from '../i18n/overrides.ts';
import { mediaEnglish, type MediaStrings } from './strings-en.ts';

/**
 * The media strings of the active language (English until a language chunk with them has loaded). A
 * language chunk's `media` already has the site owner's `strings.media` on it; English gets them here.
 */
export function mediaStrings(): MediaStrings {
  const loaded = catalogue.value.media;
  if (loaded) return loaded;
  const overrides: unknown = stringOverrides.value;
  const forMedia: unknown = typeof overrides === 'object' && overrides !== null ? Reflect.get(overrides, 'media') : undefined;
  return forMedia ? applyOverrides(mediaEnglish, forMedia) : mediaEnglish;
}

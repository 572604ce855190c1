import { catalogue, ownerStrings } from '../i18n/catalogue.ts';
import { mediaEnglish, type MediaStrings } from './strings-en.ts';

/**
 * The media strings of the active language (English until a language chunk with them has loaded). A
 * language chunk's `media` already has the site owner's `strings.media` on it; English gets them here.
 */
export function mediaStrings(): MediaStrings {
  return catalogue.value.media ?? ownerStrings.value?.(mediaEnglish, 'media') ?? mediaEnglish;
}

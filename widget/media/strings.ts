import { catalogue } from '../i18n/catalogue.ts';
import { mediaEnglish, type MediaStrings } from './strings-en.ts';

/** The media strings of the active language (English until a language chunk with them has loaded). */
export function mediaStrings(): MediaStrings {
  return catalogue.value.media ?? mediaEnglish;
}

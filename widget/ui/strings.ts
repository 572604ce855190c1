import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { english, type Strings } from '../i18n/en.ts';

/** The UI's strings. The language picker (a later feature) provides another dictionary here. */
export const StringsContext = createContext<Strings>(english);

export function useStrings(): Strings {
  return useContext(StringsContext);
}

import { signal } from '@preact/signals';
import { english, type Catalogue } from './en.ts';

/**
 * The active catalogue, read by every component (`catalogue.value.send`): English until the chosen
 * language's chunk has loaded, then that language with the site owner's overrides on top.
 */
export const catalogue = signal<Catalogue>(english);

/** The active language's tag, for `lang` and `dir` on the widget root. */
export const language = signal('en');

/** Puts the site owner's `strings` (or their `section`, e.g. `media`) on top of a lazily loaded part's strings. */
type OwnerStrings = <Strings extends object>(strings: Strings, section?: string) => Strings;

/**
 * Set once the owner's `strings` and the code that applies them have loaded (choose.ts): the lazily
 * loaded features apply them to their own strings, which are not in the catalogue.
 */
export const ownerStrings = signal<OwnerStrings | undefined>(undefined);

import { signal } from '@preact/signals';
import { english, type Catalogue } from './en.ts';

/**
 * The active catalogue, read by every component (`catalogue.value.send`): English until the chosen
 * language's chunk has loaded, then that language with the site owner's overrides on top.
 */
export const catalogue = signal<Catalogue>(english);

/** The active language's tag, for `lang` and `dir` on the widget root. */
export const language = signal('en');

/**
 * The site owner's `strings`, as given (or undefined): the lazily loaded features apply them to their
 * own strings (feature-strings.ts), which are not in the catalogue.
 */
export const stringOverrides = signal<unknown>(undefined);

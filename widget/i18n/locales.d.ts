/** Made by the `dify-widget-locales` plugin in vite.config.ts from the files in ./locales/. */
declare module 'virtual:dify-widget-locales' {
  /** The languages with a catalogue file, space separated: `ar de … zh-Hans zh-Hant`. */
  export const codes: string;
  /** Imports one of them (its own chunk in the build). */
  export const load: (code: string) => Promise<{ default: import('./en.ts').Catalogue }>;
}

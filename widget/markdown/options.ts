import { createContext } from 'preact';

/**
 * What the site owner allows in answers: the widget's mount context, whose embed options the lazily
 * loaded parts check themselves (so the first script and the chat carry no code for them).
 */
export interface MarkdownOptions {
  config?: {
    /** `image-hosts`: host names (a string separated by spaces or commas, or an array); `*.example.com` includes subdomains. */
    imageHosts?: unknown;
    /** `mermaid`: `on` (or true, or the bare attribute) draws mermaid fences as diagrams. */
    mermaid?: unknown;
  };
  /** The proxy's base URL: the files it serves may load as images. */
  proxyBase?: string;
}

/** Provided once by the widget; without it no image loads and no diagram is drawn. */
export const MarkdownOptionsContext = createContext<MarkdownOptions>({});

// The raw text must already start with an allowed scheme before the URL parser sees it: the WHATWG
// parser silently drops tabs and newlines ("java\tscript:" would become "javascript:") and resolves
// scheme-relative or odd forms we never want to guess about.
const ALLOWED_PREFIX = /^(?:https?:\/\/|mailto:)/i;
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * Returns a normalised href when `raw` is an absolute http:, https: or mailto: URL, otherwise null.
 * Callers render a rejected link as plain text.
 */
export function safeHref(raw: string): string | null {
  const candidate = raw.trim();
  if (!ALLOWED_PREFIX.test(candidate)) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && url.hostname === '') return null;
  return url.href;
}

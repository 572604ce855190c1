// GFM's e-mail autolinks ("write to help@example.com"), fetched the first time an answer has an "@"
// between word characters: text nodes are linked where they are drawn. A "mailto:" written before the
// address joins the link; "xmpp:" and other schemes stay text (only http, https and mailto link here).
import type { ComponentChild } from 'preact';
import { extensions } from './extensions.ts';

// GFM: local part [A-Za-z0-9.+_-], domain labels [A-Za-z0-9_-] joined by dots; the last character may
// not be "-" or "_" (then it is no address), and a trailing "." is punctuation.
const EMAIL = /(?<![\w.+:/-])(mailto:|xmpp:)?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

function linked(text: string): ComponentChild[] | undefined {
  if (!text.includes('@')) return undefined;
  const parts: ComponentChild[] = [];
  let last = 0;
  for (const match of text.matchAll(EMAIL)) {
    const [, scheme = '', address = ''] = match;
    const trimmed = address.replace(/\.+$/, '');
    if (scheme === 'xmpp:' || /[-_]$/.test(trimmed) || !/^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/.test(trimmed)) continue;
    parts.push(text.slice(last, match.index));
    parts.push(
      <a href={`mailto:${trimmed}`} rel="noopener noreferrer" target="_blank">
        {scheme + trimmed}
      </a>,
    );
    last = match.index + scheme.length + trimmed.length;
  }
  if (last === 0) return undefined;
  parts.push(text.slice(last));
  return parts;
}

extensions.text = linked;

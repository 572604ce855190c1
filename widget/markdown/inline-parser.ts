import type { Inline } from './ast.ts';
import { classifyRun, InlineCollector, MAX_INLINE_NESTING } from './emphasis.ts';
import { decodeEntity, ENTITY } from './entities.ts';
import { extensions } from './extensions.ts';
import { inlineHtml } from './inline-html.ts';
import { type Definitions, normalizeLabel } from './link-definitions.ts';
import { parseDestination, unescapeUrl } from './link-destination.ts';
import { safeHref } from './safe-url.ts';

const SPECIAL = /[\\`*_~![<&\nhHwW$]/g;
const ESCAPABLE = /[!-/:-@[-`{-~]/;
const AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/y;
const EMAIL_AUTOLINK =
  /<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/y;
// GFM autolinks: a bare URL, or a www. address (which GFM links with http:).
const BARE_URL = /(?:https?:\/\/|www\.)[^\s<]+/iy;
const WORD_CHARACTER = /[A-Za-z0-9]/;
const NO_DEFINITIONS: Definitions = new Map();

/** Pairs each `[` with its `]` (escapes skipped) in one pass, so link lookups cost O(1). */
function matchBrackets(text: string): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === '\\') index += 1;
    else if (character === '[') open.push(index);
    else if (character === ']') {
      const start = open.pop();
      if (start !== undefined) pairs.set(start, index);
    }
  }
  return pairs;
}

function codeSpanText(raw: string): string {
  const text = raw.replace(/\n/g, ' ');
  const padded = text.length > 2 && text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '';
  return padded ? text.slice(1, -1) : text;
}

function plainText(nodes: readonly Inline[]): string {
  return nodes.map((node) => ('text' in node ? node.text : node.kind === 'break' ? ' ' : plainText(node.children))).join('');
}

const URL_TRAILING_PUNCTUATION = new Set(['?', '!', '.', ',', ':', ';', '*', '_', '~', "'", '"']);

function trimBareUrl(url: string): string {
  let opens = 0;
  let closes = 0;
  for (const character of url) {
    if (character === '(') opens += 1;
    else if (character === ')') closes += 1;
  }
  // GFM: an entity-like "&name;" at the end is not part of the URL.
  let end = url.length - (/&[A-Za-z0-9]+;$/.exec(url)?.[0].length ?? 0);
  for (;;) {
    const last = url[end - 1] ?? '';
    if (URL_TRAILING_PUNCTUATION.has(last)) end -= 1;
    // A closing parenthesis is kept only while it balances one inside the URL.
    else if (last === ')' && closes > opens) {
      end -= 1;
      closes -= 1;
    } else return url.slice(0, end);
  }
}

/**
 * Parses inline markdown into nodes. Raw HTML stays text, except the attribute-free tags of
 * inline-html.ts; links whose URL fails `safeHref` are
 * rendered as their text. With `allowLinks` false (inside link text) links and images become text.
 */
export function parseInline(text: string, allowLinks = true, definitions: Definitions = NO_DEFINITIONS, depth = 0): Inline[] {
  const out = new InlineCollector();
  const brackets = matchBrackets(text);
  const missingCloser = new Set<number>();
  const unclosedTags = new Set<string>();
  let index = 0;
  const literal = (value: string): void => out.push({ kind: 'text', text: value });
  while (index < text.length) {
    SPECIAL.lastIndex = index;
    const found = SPECIAL.exec(text);
    const next = found ? found.index : text.length;
    if (next > index) literal(text.slice(index, next));
    index = next;
    if (index >= text.length) break;
    const character = text[index] ?? '';
    const following = text[index + 1] ?? '';
    const extended = extensions.inline?.(text, index);
    if (extended) {
      out.push({ kind: 'custom', node: extended.node, text: text.slice(index, extended.end) });
      index = extended.end;
    } else if (character === '\\') {
      if (following === '\n') out.push({ kind: 'break' });
      else literal(ESCAPABLE.test(following) ? following : `\\${following}`);
      index += 2;
    } else if (character === '\n') {
      out.push({ kind: 'break' });
      index += 1;
    } else if (character === '`') {
      let run = 1;
      while (text[index + run] === '`') run += 1;
      const close = missingCloser.has(run) ? -1 : findCodeCloser(text, index + run, run);
      if (close < 0) {
        // No later run of this length exists, so later openers of this length need no search.
        missingCloser.add(run);
        literal('`'.repeat(run));
        index += run;
      } else {
        out.push({ kind: 'code', text: codeSpanText(text.slice(index + run, close)) });
        index = close + run;
      }
    } else if (character === '*' || character === '_' || character === '~') {
      let run = 1;
      while (text[index + run] === character) run += 1;
      if (character === '~' && run > 2) literal('~'.repeat(run));
      else out.pushDelimiter(classifyRun(character, run, text[index - 1] ?? '', text[index + run] ?? ''));
      index += run;
    } else if (character === '[' || (character === '!' && following === '[')) {
      index = link(text, index, character === '!', brackets, allowLinks, definitions, out);
    } else if (character === '<') {
      const html = depth < MAX_INLINE_NESTING ? inlineHtml(text, index, unclosedTags) : null;
      if (html?.tag === 'br') out.push({ kind: 'break' });
      else if (html) out.push({ kind: 'html', tag: html.tag, children: parseInline(html.inner, allowLinks, definitions, depth + 1) });
      index = html ? html.end : autolink(text, index, allowLinks, out);
    } else if (character === '&') {
      ENTITY.lastIndex = index;
      const entity = ENTITY.exec(text);
      const decoded = entity ? decodeEntity(entity[1], entity[2], entity[3]) : null;
      literal(entity && decoded !== null ? decoded : '&');
      index += entity && decoded !== null ? entity[0].length : 1;
    } else {
      index = bareUrl(text, index, allowLinks, out);
    }
  }
  return out.finish();
}

function findCodeCloser(text: string, from: number, run: number): number {
  const fence = '`'.repeat(run);
  let at = text.indexOf(fence, from);
  while (at >= 0) {
    let end = at + run;
    if (text[end] !== '`') return at;
    while (text[end] === '`') end += 1;
    at = text.indexOf(fence, end);
  }
  return -1;
}

/** Where a link's brackets point: an inline `(destination)` or a defined reference label. */
function linkTarget(text: string, open: number, close: number, brackets: Map<number, number>, definitions: Definitions) {
  const destination = text[close + 1] === '(' ? parseDestination(text, close + 2) : null;
  if (destination) return { href: safeHref(unescapeUrl(destination.raw)), end: destination.end };
  let label = text.slice(open + 1, close);
  let end = close + 1;
  const second = text[close + 1] === '[' ? brackets.get(close + 1) : undefined;
  if (second !== undefined) {
    // [text][label], or [text][] which uses the text as its label.
    if (second > close + 2) label = text.slice(close + 2, second);
    end = second + 1;
  }
  const key = normalizeLabel(label);
  return definitions.has(key) ? { href: definitions.get(key) ?? null, end } : null;
}

function link(
  text: string,
  start: number,
  image: boolean,
  brackets: Map<number, number>,
  allowLinks: boolean,
  definitions: Definitions,
  out: InlineCollector,
): number {
  const open = image ? start + 1 : start;
  const close = brackets.get(open);
  const target = close === undefined ? null : linkTarget(text, open, close, brackets, definitions);
  if (close === undefined || target === null) {
    out.push({ kind: 'text', text: image ? '![' : '[' });
    return open + 1;
  }
  const label = text.slice(open + 1, close);
  // An image never loads: it becomes a link whose text is the alt text.
  const children: Inline[] = image ? [{ kind: 'text', text: plainText(parseInline(label, false)) || 'image' }] : parseInline(label, false);
  const href = allowLinks ? target.href : null;
  if (href) out.push({ kind: 'link', href, image, children });
  else for (const child of children) out.push(child);
  return target.end;
}

function autolink(text: string, start: number, allowLinks: boolean, out: InlineCollector): number {
  AUTOLINK.lastIndex = start;
  EMAIL_AUTOLINK.lastIndex = start;
  const uri = AUTOLINK.exec(text);
  const email = uri ? null : EMAIL_AUTOLINK.exec(text);
  const target = uri?.[1] ?? email?.[1];
  if (target === undefined) {
    out.push({ kind: 'text', text: '<' });
    return start + 1;
  }
  const href = allowLinks ? safeHref(email ? `mailto:${target}` : target) : null;
  const label: Inline = { kind: 'text', text: target };
  out.push(href ? { kind: 'link', href, image: false, children: [label] } : label);
  return start + target.length + 2;
}

function bareUrl(text: string, start: number, allowLinks: boolean, out: InlineCollector): number {
  BARE_URL.lastIndex = start;
  const match = allowLinks && !WORD_CHARACTER.test(text[start - 1] ?? '') ? BARE_URL.exec(text) : null;
  const url = match ? trimBareUrl(match[0]) : '';
  const href = url ? safeHref(/^w/i.test(url) ? `http://${url}` : url) : null;
  if (!href) {
    out.push({ kind: 'text', text: text[start] ?? '' });
    return start + 1;
  }
  out.push({ kind: 'link', href, image: false, children: [{ kind: 'text', text: url }] });
  return start + url.length;
}

// Turns two HTML strings into one comparable form: attributes sorted, whitespace between block
// tags dropped, runs of whitespace collapsed outside <pre>, character references decoded. The
// widget's own decorations (code-block bar, wrapper classes, link rel/target) are removed first,
// because they are additions around the same document, not differences in it.
import { safeHref } from '../../../../widget/markdown/safe-url.ts';

const VOID = new Set(['br', 'hr', 'img', 'input']);
const BLOCK = /\s*(<\/?(?:p|h[1-6]|ul|ol|li|blockquote|pre|hr|table|thead|tbody|tr|th|td|div|details|summary)(?:\s[^>]*)?\/?>)\s*/g;
const WIDGET_ONLY_ATTRIBUTES = new Set(['rel', 'target', 'tabindex', 'title']);

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function serialize(node: Node, inPre: boolean): string {
  if (node.nodeType === 3) {
    const text = node.textContent ?? '';
    return escapeText(inPre ? text : text.replace(/\s+/g, ' '));
  }
  if (node.nodeType !== 1) return '';
  const element = node as Element;
  const tag = element.tagName.toLowerCase();
  const attributes = [...element.attributes]
    .filter((attribute) => !WIDGET_ONLY_ATTRIBUTES.has(attribute.name))
    .filter((attribute) => !(attribute.name === 'class' && attribute.value.startsWith('dw-md')))
    .map((attribute) => ` ${attribute.name}="${attribute.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .sort()
    .join('');
  const children = [...element.childNodes].map((child) => serialize(child, inPre || tag === 'pre')).join('');
  return VOID.has(tag) ? `<${tag}${attributes} />` : `<${tag}${attributes}>${children}</${tag}>`;
}

function canonical(container: Element): string {
  return (
    [...container.childNodes]
      .map((child) => serialize(child, false))
      .join('')
      .replace(BLOCK, '$1')
      .replace(/<br \/>\s+/g, '<br />')
      // A code block's final newline shows nothing; the widget leaves it out (and out of Copy).
      .replace(/\n<\/code><\/pre>/g, '</code></pre>')
      .trim()
  );
}

function normalizeHref(element: Element, attribute: string): string | null {
  const raw = element.getAttribute(attribute) ?? '';
  let decoded = raw;
  try {
    decoded = decodeURI(raw);
  } catch {
    // keep raw
  }
  return safeHref(decoded);
}

const BLOCK_TAGS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'PRE', 'HR', 'DIV']);

function isBlock(node: Node | null): boolean {
  return node === null || (node.nodeType === 1 && BLOCK_TAGS.has((node as Element).tagName));
}

// Soft line breaks become <br> in the widget by design: models put a single newline where they
// mean a new line, as chat renderers (Dify's own included) show it. Newlines that only separate
// blocks, or follow a hard break, stay whitespace.
function softBreaksAsLineBreaks(container: Element): void {
  container.normalize();
  const walker = document.createTreeWalker(container, 4);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
  for (const text of texts) {
    if (text.parentElement?.closest('pre') || !text.data.includes('\n')) continue;
    const parts = text.data.split('\n');
    const nodes: Node[] = [];
    parts.forEach((part, index) => {
      if (index > 0) {
        const before = parts.slice(0, index).join('').trim() === '';
        const after = parts.slice(index).join('').trim() === '';
        const previous = text.previousSibling;
        const whitespace = (before && (isBlock(previous) || previous?.nodeName === 'BR')) || (after && isBlock(text.nextSibling));
        nodes.push(whitespace ? document.createTextNode('\n') : document.createElement('br'));
      }
      nodes.push(document.createTextNode(part));
    });
    text.replaceWith(...nodes);
  }
}

/**
 * The spec's expected HTML as this widget is designed to render it: images never load (a safe
 * one becomes a link to it with the alt text, an unsafe one its alt text), links whose
 * destination is not absolute http(s)/mailto become their text, and soft breaks are line breaks.
 */
export function canonicalExpected(html: string): string {
  const container = document.createElement('div');
  container.innerHTML = html;
  for (const image of container.querySelectorAll('img')) {
    const href = normalizeHref(image, 'src');
    const alt = document.createTextNode(image.getAttribute('alt') || 'image');
    if (href === null) image.replaceWith(alt);
    else {
      const link = document.createElement('a');
      link.setAttribute('href', href);
      link.append(alt);
      image.replaceWith(link);
    }
  }
  for (const link of container.querySelectorAll('a')) {
    const href = normalizeHref(link, 'href');
    if (href === null) link.replaceWith(...link.childNodes);
    else link.setAttribute('href', href);
  }
  softBreaksAsLineBreaks(container);
  return canonical(container);
}

/** The widget's rendered markdown root in the same form. */
export function canonicalRendered(root: Element): string {
  const copy = root.cloneNode(true) as Element;
  for (const block of copy.querySelectorAll('.dw-md-code')) {
    const pre = block.querySelector('pre');
    if (pre) block.replaceWith(pre);
  }
  for (const link of copy.querySelectorAll('a')) {
    const href = normalizeHref(link, 'href');
    if (href !== null) link.setAttribute('href', href);
  }
  return canonical(copy);
}

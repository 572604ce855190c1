import { expect } from 'vitest';

/** Elements that can run script, load remote content or take input; none may ever be rendered. */
const FORBIDDEN_ELEMENTS = [
  'script',
  'iframe',
  'object',
  'embed',
  'style',
  'svg',
  'math',
  'img',
  'video',
  'audio',
  'source',
  'form',
  'input',
  'textarea',
  'select',
  'link',
  'meta',
  'base',
  'frame',
  'frameset',
  'details',
  'marquee',
  'template',
] as const;

const FORBIDDEN_ATTRIBUTES = new Set(['style', 'id', 'name', 'src', 'srcdoc', 'action', 'formaction', 'xlink:href']);
const ALLOWED_HREF = /^(?:https?:\/\/|mailto:)/i;

/** Every reason `container` could run script or load remote content; empty when it is safe. */
export function findExecutableContent(container: Element): string[] {
  const problems = Array.from(container.querySelectorAll(FORBIDDEN_ELEMENTS.join(',')), (element) => `element ${element.outerHTML}`);
  for (const element of Array.from(container.querySelectorAll('*'))) {
    const tag = element.tagName.toLowerCase();
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      const where = `<${tag} ${name}="${attribute.value}">`;
      if (name.startsWith('on')) problems.push(`event handler ${where}`);
      if (FORBIDDEN_ATTRIBUTES.has(name)) problems.push(`attribute ${where}`);
      if (name === 'href' && !ALLOWED_HREF.test(attribute.value)) problems.push(`href ${where}`);
    }
    if (tag === 'a') {
      const rel = (element.getAttribute('rel') ?? '').split(/\s+/);
      if (!ALLOWED_HREF.test(element.getAttribute('href') ?? '')) problems.push(`link without a vetted href ${element.outerHTML}`);
      if (!rel.includes('noopener') || !rel.includes('noreferrer'))
        problems.push(`link without rel="noopener noreferrer" ${element.outerHTML}`);
      if (element.getAttribute('target') !== '_blank') problems.push(`link without target="_blank" ${element.outerHTML}`);
    }
  }
  return problems;
}

/**
 * Fails when `container` holds anything executable: forbidden elements, `on*` event-handler
 * attributes, `style`, `id`/`name` (DOM clobbering), `src`/`srcdoc`/`action`/`formaction`, an href
 * that is not http(s)/mailto, or a link without rel="noopener noreferrer" and target="_blank".
 * Self-contained (vitest's expect only) so the end-to-end helper can copy it.
 */
export function assertNoExecutableContent(container: Element): void {
  expect(findExecutableContent(container)).toEqual([]);
}

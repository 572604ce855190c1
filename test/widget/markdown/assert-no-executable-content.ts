import { expect } from 'vitest';

/** Elements that can run script, load remote content or take input; none may ever be rendered. */
export const FORBIDDEN_ELEMENTS = [
  'script', 'iframe', 'object', 'embed', 'style', 'svg', 'math', 'img', 'video', 'audio', 'source',
  'form', 'input', 'textarea', 'select', 'link', 'meta', 'base', 'frame', 'frameset', 'details', 'marquee', 'template',
] as const;

const ALLOWED_HREF = /^(?:https?:\/\/|mailto:)/i;

/**
 * Fails when `container` holds anything executable: forbidden elements, `on*` event-handler
 * attributes, `style`, `id`/`name` (DOM clobbering), `src`/`srcdoc`/`action`/`formaction`, an href
 * that is not http(s)/mailto, or a link that lacks rel="noopener noreferrer" and target="_blank".
 * Self-contained so the end-to-end helper can copy it.
 */
export function assertNoExecutableContent(container: Element): void {
  const forbidden = container.querySelectorAll(FORBIDDEN_ELEMENTS.join(','));
  expect(Array.from(forbidden, (element) => element.outerHTML)).toEqual([]);
  for (const element of Array.from(container.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      const where = `<${element.tagName.toLowerCase()} ${name}="${attribute.value}">`;
      expect(name.startsWith('on'), `event handler attribute ${where}`).toBe(false);
      expect(['style', 'id', 'name', 'src', 'srcdoc', 'action', 'formaction', 'xlink:href'], `attribute ${where}`).not.toContain(name);
      if (name === 'href') expect(attribute.value, `href ${where}`).toMatch(ALLOWED_HREF);
    }
  }
  for (const anchor of Array.from(container.querySelectorAll('a'))) {
    expect(anchor.getAttribute('href'), 'every <a> has a vetted href').toMatch(ALLOWED_HREF);
    expect((anchor.getAttribute('rel') ?? '').split(/\s+/)).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
    expect(anchor.getAttribute('target')).toBe('_blank');
  }
}

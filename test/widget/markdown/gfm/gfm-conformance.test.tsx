import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalExpected, canonicalRendered } from '../commonmark/canonical-html.ts';
import { renderMarkdown, root } from '../render-markdown.tsx';
import spec from './gfm-extension-examples.json';

interface GfmExample {
  section: string;
  example: number;
  markdown: string;
  html: string;
}

// How many of the GFM extension examples (tables, task lists, strikethrough, autolinks) must keep
// passing. Raise it when the renderer gets better; it may never go down.
const PASSING_FLOOR = 27;

const examples: readonly GfmExample[] = spec.examples;
/** Raw HTML is shown as text by design (model output is never inserted as HTML). */
const applicable = examples.filter((example) => !example.section.includes('Disallowed Raw HTML'));

/** The widget's GFM decorations in the reference's form: table wrapper, alignment classes, task checkboxes. */
function asReference(answer: Element): Element {
  const copy = answer.cloneNode(true) as Element;
  for (const wrapper of copy.querySelectorAll('.dw-md-table')) wrapper.replaceWith(...wrapper.childNodes);
  for (const cell of copy.querySelectorAll('[class^="dw-md-align-"]'))
    cell.setAttribute('align', cell.className.replace('dw-md-align-', ''));
  for (const box of copy.querySelectorAll('.dw-md-checkbox')) {
    const input = document.createElement('input');
    if (box.textContent === '☑') input.setAttribute('checked', '');
    input.setAttribute('disabled', '');
    input.setAttribute('type', 'checkbox');
    box.replaceWith(input);
  }
  return copy;
}

describe('GFM extension examples', () => {
  // E-mail autolinks are a lazily loaded part (the others are in the chat itself).
  beforeAll(() => import('../../../../widget/markdown/email-autolinks.tsx'));

  it('renders the tables, task lists, strikethrough and autolinks of the GFM spec as the reference does', () => {
    const failures: number[] = [];
    for (const example of applicable) {
      const rendered = canonicalRendered(asReference(root(renderMarkdown(example.markdown))));
      // The reference separates table tags by newlines, which the comparison would read as soft breaks.
      if (rendered !== canonicalExpected(example.html.replace(/>\n</g, '><'))) failures.push(example.example);
    }
    const passed = applicable.length - failures.length;
    console.log(
      `GFM extensions: ${passed}/${applicable.length} = ${((100 * passed) / applicable.length).toFixed(1)}% of applicable examples (${examples.length} in the spec's extension sections; raw HTML excluded by design)${failures.length ? `; failing: ${failures.join(' ')}` : ''}`,
    );
    expect(passed).toBeGreaterThanOrEqual(PASSING_FLOOR);
  });
});

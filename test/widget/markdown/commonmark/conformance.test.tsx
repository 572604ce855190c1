import { beforeAll, describe, expect, it } from 'vitest';
import { loadEntityTable } from '../../../../widget/markdown/entities.ts';
import { root, renderMarkdown } from '../render-markdown.tsx';
import { canonicalExpected, canonicalRendered } from './canonical-html.ts';
import { APPLICABLE_EXAMPLES, BY_DESIGN_EXCLUSIONS, SPEC_EXAMPLES } from './spec-examples.ts';

// How many applicable CommonMark 0.31.2 examples the renderer must keep passing. Raise it
// whenever the renderer gets better; it may never go down.
const PASSING_FLOOR = 539;

describe('CommonMark conformance', () => {
  beforeAll(() => loadEntityTable());

  it('renders the applicable spec examples as the reference does', () => {
    const failuresBySection = new Map<string, number[]>();
    let passed = 0;
    for (const example of APPLICABLE_EXAMPLES) {
      const rendered = canonicalRendered(root(renderMarkdown(example.markdown)));
      if (rendered === canonicalExpected(example.html)) passed += 1;
      else failuresBySection.set(example.section, [...(failuresBySection.get(example.section) ?? []), example.number]);
    }
    const share = (100 * passed) / APPLICABLE_EXAMPLES.length;
    console.log(
      `CommonMark: ${passed}/${APPLICABLE_EXAMPLES.length} = ${share.toFixed(1)}% of applicable examples (${SPEC_EXAMPLES.length} in the spec)`,
    );
    for (const exclusion of BY_DESIGN_EXCLUSIONS) {
      console.log(`  excluded by design: ${SPEC_EXAMPLES.filter(exclusion.applies).length} examples. ${exclusion.reason}`);
    }
    const sections = [...failuresBySection].sort((a, b) => b[1].length - a[1].length);
    if (process.env['COMMONMARK_FAILURES']) for (const [section, numbers] of sections) console.log(`  ${section}: ${numbers.join(' ')}`);
    expect(passed).toBeGreaterThanOrEqual(PASSING_FLOOR);
  });
});

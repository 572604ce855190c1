import '../mathml-style.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEntityTable } from '../../../../widget/markdown/entities.ts';
import { extensions } from '../../../../widget/markdown/extensions.ts';
import { root, renderMarkdown } from '../render-markdown.tsx';
import { canonicalExpected, canonicalRendered } from './canonical-html.ts';
import { APPLICABLE_EXAMPLES, BY_DESIGN_EXCLUSIONS, SPEC_EXAMPLES } from './spec-examples.ts';

// How many applicable CommonMark 0.31.2 examples the renderer must keep passing. Raise it
// whenever the renderer gets better; it may never go down. (539 of 562 became 537 of 560 when bare
// e-mail addresses became links, GFM's rule: examples 606 and 612 moved to the by-design list.)
const PASSING_FLOOR = 537;

function conformance(): { passed: number; failuresBySection: Map<string, number[]> } {
  const failuresBySection = new Map<string, number[]>();
  let passed = 0;
  for (const example of APPLICABLE_EXAMPLES) {
    const rendered = canonicalRendered(root(renderMarkdown(example.markdown)));
    if (rendered === canonicalExpected(example.html)) passed += 1;
    else failuresBySection.set(example.section, [...(failuresBySection.get(example.section) ?? []), example.number]);
  }
  return { passed, failuresBySection };
}

describe('CommonMark conformance', () => {
  beforeAll(() => loadEntityTable());

  it('renders the applicable spec examples as the reference does', () => {
    const { passed, failuresBySection } = conformance();
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

  // Math reads `$`, `\(` and `\[`, which CommonMark knows as text and escapes: it must not cost a single
  // example (the spec has no formulas; "\(\)" and "\[\\]" are escapes, not math).
  it('passes the same examples with every lazily loaded part in, math too', async () => {
    await Promise.all([
      import('../../../../widget/markdown/email-autolinks.tsx'),
      import('../../../../widget/markdown/highlight/highlighted-code.tsx'),
      import('../../../../widget/markdown/markdown-image.tsx'),
    ]);
    expect(extensions.inline).toBeUndefined();
    const without = conformance().passed;
    await import('../../../../widget/markdown/math/math-inline.tsx');
    const { passed, failuresBySection } = conformance();
    console.log(`CommonMark with math: ${passed}/${APPLICABLE_EXAMPLES.length}`);
    if (passed < without) console.log([...failuresBySection]);
    expect(passed).toBe(without);
  }, 60_000);
});

import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { assertNoExecutableContent, findExecutableContent } from './assert-no-executable-content.ts';
import { controlSource, hostileInputs } from './hostile-corpus.ts';
import { linearCostBound, relativeCost } from './relative-cost.ts';
import { makeContainer, renderMarkdown, root, streamMarkdown } from './render-markdown.tsx';

function maxDepth(element: Element): number {
  let deepest = 0;
  const stack: Array<[Element, number]> = [[element, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() ?? [element, 0];
    deepest = Math.max(deepest, depth);
    for (const child of Array.from(current.children)) stack.push([child, depth + 1]);
  }
  return deepest;
}

describe('hostile model output', () => {
  it.each(hostileInputs)('renders %s without anything executable', (_name, source) => {
    const container = renderMarkdown(controlSource + source);
    assertNoExecutableContent(container);
    const hrefs = Array.from(container.querySelectorAll('a'), (link) => link.getAttribute('href'));
    expect(hrefs).toContain('https://example.com/docs');
    expect(hrefs).toContain('mailto:someone@example.com');
  });

  it.each(hostileInputs)('streams %s without anything executable at any token', (_name, source) => {
    const container = makeContainer();
    const problems = new Set<string>();
    streamMarkdown(controlSource + source, 2, container, () => {
      for (const problem of findExecutableContent(container)) problems.add(problem);
    });
    expect([...problems]).toEqual([]);
    assertNoExecutableContent(container);
  });

  it('renders a rejected markdown link as its plain text', () => {
    const container = renderMarkdown('before [click **me**](javascript:alert(1)) after');
    expect(container.querySelector('a')).toBeNull();
    expect(root(container).innerHTML).toBe('<p>before click <strong>me</strong> after</p>');
  });

  it('shows raw HTML tags as the literal text the model wrote', () => {
    const source = '<img src=x onerror=alert(1)>';
    expect(root(renderMarkdown(source)).textContent).toBe(source);
  });

  it('only ever creates elements from the allowlist', () => {
    const allowed = new Set(
      'div p h1 h2 h3 h4 h5 h6 em strong del code pre br a ul ol li span blockquote hr table thead tbody tr th td button'.split(' '),
    );
    const source = hostileInputs.map(([, input]) => input).join('\n\n');
    const tags = new Set(Array.from(renderMarkdown(source).querySelectorAll('*'), (element) => element.tagName.toLowerCase()));
    expect([...tags].filter((tag) => !allowed.has(tag))).toEqual([]);
  });
});

describe('pathological input', () => {
  const inputs: ReadonlyArray<readonly [string, () => string]> = [
    ['10 000 nested blockquote markers', () => `${'>'.repeat(10_000)} deep`],
    ['10 000 nested blockquote markers with spaces', () => `${'> '.repeat(10_000)}deep\n${'> '.repeat(10_000)}more`],
    ['10 000 nested bullet markers', () => `${'- '.repeat(10_000)}deep`],
    ['10 000 nested ordered markers', () => `${'1. '.repeat(10_000)}deep`],
    ['alternating quote and list markers', () => `${'> - '.repeat(5_000)}deep`],
    [
      '2 000 indentation-nested list levels',
      () => Array.from({ length: 2_000 }, (_, level) => `${'  '.repeat(level)}- level ${level}`).join('\n'),
    ],
    ['3 000 blank-separated list items', () => Array.from({ length: 3_000 }, (_, item) => `- item ${item}`).join('\n\n')],
    ['50 000 open brackets', () => '['.repeat(50_000)],
    ['20 000 unclosed link tails', () => '[a]('.repeat(20_000)],
    ['20 000 unclosed link tails without spaces', () => `${'[a](x'.repeat(20_000)}`],
    ['50 000 stars before a word', () => `${'*'.repeat(50_000)}x`],
    ['nested emphasis 5 000 deep', () => `${'*'.repeat(5_000)}x${'*'.repeat(5_000)}`],
    ['alternating emphasis openers', () => '*a _b '.repeat(10_000)],
    ['50 000 backtick runs of rising length', () => Array.from({ length: 300 }, (_, run) => '`'.repeat(run + 1)).join(' x ')],
    ['50 000 unclosed angle brackets', () => '<a:b '.repeat(10_000)],
    [
      'a 1 000-row table',
      () => ['|a|b|c|d|', '|-|-|-|-|', ...Array.from({ length: 1_000 }, (_, row) => `|${row}|**x**|[l](https://e.example)|y|`)].join('\n'),
    ],
    ['a table row with 5 000 cells', () => `|${'a|'.repeat(5_000)}\n|${'-|'.repeat(5_000)}\n|${'b|'.repeat(5_000)}`],
    ['a 200 KB single line of escapes and entities', () => '\\*&amp;&#1;'.repeat(20_000)],
    ['4 000 fences (2 000 code blocks)', () => '```\n'.repeat(4_000)],
  ];

  /** Milliseconds to render `source` into a fresh container, which is then unmounted and removed. */
  function timeRender(source: string): number {
    const container = makeContainer();
    const started = performance.now();
    renderMarkdown(source, false, container);
    const elapsed = performance.now() - started;
    render(null, container);
    container.remove();
    return elapsed;
  }

  // Compared with ordinary markdown rendered on the same machine, not with a deadline: this catches a hang
  // or a quadratic blow-up, never a slow shared machine.
  it.each(inputs)('renders %s quickly with a bounded DOM depth and nothing executable', { timeout: 20_000 }, (_name, build) => {
    const source = build();
    const { ratio, report } = relativeCost(source, timeRender, { ordinaryLength: 100_000 });
    expect(ratio, report).toBeLessThan(linearCostBound);
    const container = renderMarkdown(source);
    expect(maxDepth(container)).toBeLessThan(80);
    expect(root(container).textContent?.length).toBeGreaterThan(0);
    assertNoExecutableContent(container);
  });
});

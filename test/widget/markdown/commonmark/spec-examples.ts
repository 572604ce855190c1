import { tests, type SpecExample } from 'commonmark-spec';

/**
 * Examples this widget renders differently on purpose, with the reason. Everything else in the
 * spec "applies" and is expected to match the reference HTML (after `canonical-html.ts`).
 */
export const BY_DESIGN_EXCLUSIONS: readonly { reason: string; applies: (example: SpecExample) => boolean }[] = [
  {
    reason: 'Raw HTML blocks are shown as text: model output is never inserted as HTML (safety).',
    applies: (example) => example.section === 'HTML blocks',
  },
  {
    reason:
      'Raw HTML outside the attribute-free allowlist (inline br, sup, sub, kbd, mark, u; details/summary on their own lines) is shown as text (safety).',
    applies: (example) => example.section === 'Raw HTML' || passesThroughRawHtml(example),
  },
  {
    reason: 'Bare URLs, www. and e-mail addresses are links (GFM autolinks), also inside unclosed angle brackets.',
    applies: (example) => [526, 538, 602, 606, 608, 611, 612].includes(example.number),
  },
  {
    reason: "A sub-list indented less than its parent item's content still nests, as authors mean it.",
    applies: (example) => [295, 310, 312].includes(example.number),
  },
  {
    reason: 'Code block language names are reduced to [a-z0-9-] before they become a class name.',
    applies: (example) => [24, 34, 144].includes(example.number),
  },
];

// Tags the CommonMark reference renderer writes itself; any other tag in its output came from
// raw HTML in the example's markdown.
const GENERATED_TAGS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'code',
  'blockquote',
  'ul',
  'ol',
  'li',
  'hr',
  'em',
  'strong',
  'a',
  'img',
  'br',
]);
const RAW_TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g;

function passesThroughRawHtml(example: SpecExample): boolean {
  if (/<!--|<\?|<!\[CDATA|<![A-Z]/.test(example.html)) return true;
  for (const [, tag] of example.html.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)/g)) {
    if (!GENERATED_TAGS.has((tag ?? '').toLowerCase())) return true;
  }
  // A tag the renderer also writes (<a href>, <img>) that reaches the output verbatim.
  return [...example.markdown.matchAll(RAW_TAG)].some(([tag]) => example.html.includes(tag));
}

/** The spec's examples with its tab notation (→) turned back into tabs. */
export const SPEC_EXAMPLES: readonly SpecExample[] = tests.map((example) => ({
  ...example,
  markdown: example.markdown.replace(/→/g, '\t'),
  html: example.html.replace(/→/g, '\t'),
}));

/** The examples that apply to this widget (not excluded by design). */
export const APPLICABLE_EXAMPLES: readonly SpecExample[] = SPEC_EXAMPLES.filter(
  (example) => !BY_DESIGN_EXCLUSIONS.some((exclusion) => exclusion.applies(example)),
);

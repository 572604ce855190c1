// The math chunk: fetched the first time an answer contains something like a formula. It teaches the
// inline parser `$…$`, `$$…$$`, `\(…\)` and `\[…\]` and draws them as MathML (temml), which browsers
// lay out natively: no fonts, no eval, and only the small stylesheet below, adopted by the shadow root.
import temml from 'temml';
import { useShadowStyles } from '../../ui/lazy-styles.ts';
import { extensions } from '../extensions.ts';
import { findFormula } from './delimiters.ts';
import { mathTreeToVNode } from './mathml-tree.ts';

const mathCss = `
.dw-md math{font-family:"Cambria Math","STIX Two Math","Noto Sans Math",math;font-style:normal;font-weight:400;line-height:normal;letter-spacing:normal;direction:ltr}
.dw-md math.tml-display{display:block;overflow-x:auto;overflow-y:hidden;padding:.2em 0}
`;

// A streamed answer parses its last paragraph again on every token: keep the last formulas' trees.
const trees = new Map<string, unknown>();
const MAX_CACHED = 200;

/** temml's tree for `tex`, or null when it is no valid TeX (then the text stays as written). */
function treeOf(tex: string, display: boolean): unknown {
  const key = `${display ? 'D' : 'I'}${tex}`;
  if (trees.has(key)) return trees.get(key);
  let tree: unknown = null;
  try {
    tree = temml.__renderToMathMLTree(tex, { displayMode: display, throwOnError: true, trust: false, maxExpand: 200 });
  } catch {
    tree = null;
  }
  if (trees.size >= MAX_CACHED) trees.delete(trees.keys().next().value ?? '');
  trees.set(key, tree);
  return tree;
}

function Formula({ tree }: { tree: unknown }) {
  const ref = useShadowStyles<Element>(mathCss);
  return <>{mathTreeToVNode(tree, ref)}</>;
}

extensions.inline = (text, index) => {
  const found = findFormula(text, index);
  const tree = found ? treeOf(found.tex, found.display) : null;
  return found && tree ? { node: <Formula tree={tree} />, end: found.end } : undefined;
};

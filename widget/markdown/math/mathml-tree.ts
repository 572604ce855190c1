import { type ComponentChild, h, type Ref } from 'preact';

// temml builds its MathML as a tree of plain objects (`renderToMathMLTree`); this turns that tree
// into Preact elements, so formulas are diffed like the rest of the answer (a streamed answer ends
// with exactly the one-shot DOM) and no markup string is ever parsed. temml runs with `trust: false`,
// so \href, \class and friends produce nothing; the attribute filter is a second fence.

const MATHML_TAG = /^(?:m[a-z]{1,12}|semantics|annotation)$/;
const SAFE_ATTRIBUTE = /^(?!on|href$|src$|style$|xlink|xmlns)[a-z][a-z-]{0,30}$/;
const CLASS_NAME = /^[\w-]{1,40}$/;

function field(node: object, name: string): unknown {
  return Reflect.get(node, name);
}

function stringRecord(value: unknown, allowed: RegExp): Record<string, string> {
  const record: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return record;
  for (const [name, entry] of Object.entries(value)) {
    if (allowed.test(name) && (typeof entry === 'string' || typeof entry === 'number')) record[name] = String(entry);
  }
  return record;
}

/** One node of temml's tree as a Preact child; `ref` goes on the root element. */
export function mathTreeToVNode(node: unknown, ref?: Ref<Element>): ComponentChild {
  if (typeof node !== 'object' || node === null) return null;
  const text = field(node, 'text');
  if (typeof text === 'string') return text;
  const type = field(node, 'type');
  // temml's HTML nodes (spans, anchors: no `type`) become spans without their attributes.
  const tag = typeof type === 'string' && MATHML_TAG.test(type) ? type : 'span';
  const classes = field(node, 'classes');
  const className = Array.isArray(classes) ? classes.filter((name) => typeof name === 'string' && CLASS_NAME.test(name)).join(' ') : '';
  const children = field(node, 'children');
  return h(
    tag,
    {
      ...(tag === 'span' ? {} : stringRecord(field(node, 'attributes'), SAFE_ATTRIBUTE)),
      class: className || undefined,
      // Set through the CSSOM by Preact, which a strict style-src allows (unlike a style attribute string).
      style: stringRecord(field(node, 'style'), /^[a-zA-Z]{1,30}$/),
      ref,
    },
    Array.isArray(children) ? children.map((child) => mathTreeToVNode(child)) : null,
  );
}

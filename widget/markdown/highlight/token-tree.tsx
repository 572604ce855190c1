import type { ComponentChild } from 'preact';

// highlight.js reports its result as HTML; it also keeps the tokens it found as a tree of
// `{ scope, children }` nodes and strings (the emitter's `rootNode`). This walks that tree into
// Preact spans, so the model's code only ever becomes text nodes, never parsed markup.

const CLASS_PART = /^[\w-]{1,40}$/;

/** highlight.js's class names for a scope: "title.function" → "hljs-title function_". */
function scopeClass(scope: string): string {
  if (scope.startsWith('language:')) return '';
  const [first = '', ...rest] = scope.split('.');
  return [`hljs-${first}`, ...rest.map((piece, index) => piece + '_'.repeat(index + 1))].filter((name) => CLASS_PART.test(name)).join(' ');
}

/** The children of one token node as spans and strings. */
export function tokensToVNodes(node: unknown, depth = 0): ComponentChild[] {
  const children = typeof node === 'object' && node !== null ? Reflect.get(node, 'children') : undefined;
  if (!Array.isArray(children) || depth > 64) return [];
  return children.map((child: unknown): ComponentChild => {
    if (typeof child === 'string') return child;
    const scope = typeof child === 'object' && child !== null ? Reflect.get(child, 'scope') : undefined;
    const inner = tokensToVNodes(child, depth + 1);
    const className = typeof scope === 'string' ? scopeClass(scope) : '';
    return className ? <span class={className}>{inner}</span> : inner;
  });
}

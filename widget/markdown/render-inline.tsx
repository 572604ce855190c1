import type { ComponentChild } from 'preact';
import type { Inline } from './ast.ts';
import { extensions } from './extensions.ts';

/** Renders inline nodes; hrefs are already vetted, and every other value becomes a text node. */
export function renderInline(nodes: readonly Inline[]): ComponentChild[] {
  return nodes.map((node) => {
    switch (node.kind) {
      case 'text':
        return node.text;
      case 'code':
        return <code class="dw-md-code-inline">{node.text}</code>;
      case 'break':
        return <br />;
      case 'em':
        return <em>{renderInline(node.children)}</em>;
      case 'strong':
        return <strong>{renderInline(node.children)}</strong>;
      case 'del':
        return <del>{renderInline(node.children)}</del>;
      case 'html': {
        const Tag = node.tag;
        return <Tag>{renderInline(node.children)}</Tag>;
      }
      case 'custom':
        return node.node;
      case 'link':
        return (
          (node.image && extensions.image?.(node)) || (
            <a href={node.href} rel="noopener noreferrer" target="_blank" class={node.image ? 'dw-md-image-link' : undefined}>
              {renderInline(node.children)}
            </a>
          )
        );
    }
  });
}

import type { ComponentChild } from 'preact';
import type { Inline } from './ast.ts';
import { extensions } from './extensions.ts';

/** Renders inline nodes; hrefs are already vetted, and every other value becomes a text node. */
export function renderInline(nodes: readonly Inline[], inLink?: boolean): ComponentChild[] {
  return nodes.map((node) => {
    switch (node.kind) {
      case 'text':
        return (!inLink && extensions.text?.(node.text)) || node.text;
      case 'code':
        return <code class="dw-md-code-inline">{node.text}</code>;
      case 'break':
        return <br />;
      case 'em':
        return <em>{renderInline(node.children, inLink)}</em>;
      case 'strong':
        return <strong>{renderInline(node.children, inLink)}</strong>;
      case 'del':
        return <del>{renderInline(node.children, inLink)}</del>;
      case 'html': {
        const Tag = node.tag;
        return <Tag>{renderInline(node.children, inLink)}</Tag>;
      }
      case 'custom':
        return node.node;
      case 'link':
        return (
          (node.image && extensions.image?.(node)) || (
            <a href={node.href} rel="noopener noreferrer" target="_blank" class={node.image ? 'dw-md-image-link' : undefined}>
              {renderInline(node.children, true)}
            </a>
          )
        );
    }
  });
}

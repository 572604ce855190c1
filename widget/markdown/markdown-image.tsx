// The image chunk: fetched the first time an answer has "![". An image whose URL the site owner allows
// (image-policy.ts) is drawn, lazily and without a referrer; any other stays the link it was, with
// its alt text, so the visitor decides whether to open it.
import { Component } from 'preact';
import type { Inline } from './ast.ts';
import { extensions } from './extensions.ts';
import { imageMayLoad } from './image-policy.ts';
import { type MarkdownOptions, MarkdownOptionsContext } from './options.ts';

type ImageNode = Inline & { kind: 'link' };

function altText(node: ImageNode): string {
  return node.children.map((child) => ('text' in child ? child.text : '')).join('');
}

// A class for `contextType`: the chat itself needs no useContext, so a hook would add it to the chat's chunk.
class MarkdownImage extends Component<{ node: ImageNode }> {
  static override contextType = MarkdownOptionsContext;

  render() {
    const { node } = this.props;
    if (imageMayLoad(node.href, this.context as MarkdownOptions)) {
      return (
        <img
          class="dw-md-image"
          src={node.href}
          alt={altText(node)}
          loading="lazy"
          referrerpolicy="no-referrer"
          decoding="async"
          style={{ maxWidth: '100%', height: 'auto' }}
        />
      );
    }
    return (
      <a href={node.href} rel="noopener noreferrer" target="_blank" class="dw-md-image-link">
        {altText(node)}
      </a>
    );
  }
}

extensions.image = (node) => <MarkdownImage node={node} />;

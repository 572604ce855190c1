import { Component, type VNode } from 'preact';
import { parseBlocks } from './block-parser.ts';
import { type BlockSplit, splitBlocks } from './block-split.ts';
import { renderBlocks } from './render-blocks.tsx';

/** Props of the markdown component. */
export interface MarkdownProps {
  source: string;
  streaming: boolean;
}

// While the model is still typing a link destination, show only the link text instead of the
// half-written URL, so the text does not flash "[a](https://exa" before turning into a link.
const PARTIAL_LINK_AT_END = /!?\[([^[\]\n]*)\]\([^)\s]*$/;

function withoutPartialLink(tail: string): string {
  return tail.includes('](') ? tail.replace(PARTIAL_LINK_AT_END, '$1') : tail;
}

/**
 * One top-level chunk. It re-renders (and re-parses) only when its text changes, so settled
 * chunks keep their DOM nodes and are never parsed again while the answer grows.
 */
class Chunk extends Component<{ text: string }> {
  override shouldComponentUpdate(next: { text: string }): boolean {
    return next.text !== this.props.text;
  }

  render() {
    return renderBlocks(parseBlocks(this.props.text));
  }
}

class MarkdownRoot extends Component<MarkdownProps> {
  private split: BlockSplit | undefined;

  render() {
    const { source, streaming } = this.props;
    const split = splitBlocks(source, !streaming, this.split);
    this.split = split;
    const tail = streaming && !split.inFence ? withoutPartialLink(split.tail) : split.tail;
    // One flat keyed list, so the tail's component instance (and DOM) carries on when it settles.
    const chunks = tail === '' ? split.settled : [...split.settled, tail];
    return (
      <div class="dw-md">
        {chunks.map((text, index) => (
          <Chunk key={index} text={text} />
        ))}
      </div>
    );
  }
}

/**
 * Renders model output as markdown built from an allowlist of elements, never as HTML.
 * Re-render it with the longer `source` on every streamed token (`streaming: true`) and once
 * more with `streaming: false`; each token costs only the growing last block.
 */
export function Markdown(props: MarkdownProps): VNode {
  return <MarkdownRoot source={props.source} streaming={props.streaming} />;
}

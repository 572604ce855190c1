import { Component, type VNode } from 'preact';
import { catalogue } from '../i18n/catalogue.ts';
import type { Block } from './ast.ts';
import { parseBlocks } from './block-parser.ts';
import { type BlockSplit, splitBlocks } from './block-split.ts';
import { onLazyChunk } from './entities.ts';
import { extensions, loadExtensions } from './extensions.ts';
import type { Definitions } from './link-definitions.ts';
import { splitReasoning } from './reasoning.ts';
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

interface ParsedChunk {
  text: string;
  blocks: Block[];
  definitions: Map<string, string | null>;
}

function parseChunk(text: string): ParsedChunk {
  const definitions = new Map<string, string | null>();
  return { text, blocks: parseBlocks(text, definitions), definitions };
}

interface ChunkProps {
  blocks: Block[];
  definitions: Definitions;
  /** Changes exactly when the document's definitions change (a Map is new on every render). */
  definitionsKey: string;
}

/**
 * One top-level chunk. It re-renders only when its blocks or the document's link definitions
 * change, so settled chunks keep their DOM nodes and are never parsed again while the answer grows.
 */
class Chunk extends Component<ChunkProps> {
  override shouldComponentUpdate(next: ChunkProps): boolean {
    return next.blocks !== this.props.blocks || next.definitionsKey !== this.props.definitionsKey;
  }

  render() {
    return renderBlocks(this.props.blocks, this.props.definitions);
  }
}

class MarkdownBody extends Component<MarkdownProps> {
  private split: BlockSplit | undefined;
  private parsed: ParsedChunk[] = [];
  private unsubscribe: (() => void) | undefined;

  override componentDidMount(): void {
    // The entity table or footnotes arrived: parse again, what they change may stand anywhere.
    this.unsubscribe = onLazyChunk(() => {
      this.parsed = [];
      this.forceUpdate();
    });
  }

  override componentWillUnmount(): void {
    this.unsubscribe?.();
  }

  render() {
    const { streaming } = this.props;
    // Also run when a lazily loaded part arrives (forceUpdate), so the parts load one after another.
    loadExtensions(this.props.source);
    const source = extensions.source?.(this.props.source) ?? this.props.source;
    const split = splitBlocks(source, !streaming, this.split);
    this.split = split;
    const tail = streaming && !split.inFence ? withoutPartialLink(split.tail) : split.tail;
    const texts = tail === '' ? split.settled : [...split.settled, tail];
    // Definitions apply to the whole document, wherever they stand: collect them from every chunk.
    const definitions = new Map<string, string | null>();
    const parsed = texts.map((text, index) => {
      const cached = this.parsed[index];
      const chunk = cached?.text === text ? cached : parseChunk(text);
      for (const [label, href] of chunk.definitions) if (!definitions.has(label)) definitions.set(label, href);
      return chunk;
    });
    this.parsed = parsed;
    const definitionsKey = JSON.stringify([...definitions]);
    // One flat keyed list, so the tail's component instance (and DOM) carries on when it settles.
    return parsed.map((chunk, index) => (
      <Chunk key={index} blocks={chunk.blocks} definitions={definitions} definitionsKey={definitionsKey} />
    ));
  }
}

/**
 * The model's reasoning, folded: "Thinking…" while it streams, "Thought for N s" once closed (N
 * measured here, so unknown for an answer that arrived whole, as from history).
 */
class Reasoning extends Component<{ text: string; closed: boolean; streaming: boolean }> {
  private readonly startedAt = this.props.closed ? undefined : Date.now();
  private seconds: number | null = null;

  render() {
    const { text, closed, streaming } = this.props;
    // Stopped while thinking counts as done: the answer will not grow any more.
    const done = closed || !streaming;
    if (done && this.seconds === null && this.startedAt !== undefined) {
      this.seconds = Math.ceil((Date.now() - this.startedAt) / 1000);
    }
    const summary = done ? catalogue.value.thought(this.seconds) : catalogue.value.thinking;
    return (
      <details class="dw-md-think">
        <summary>{summary}</summary>
        <div class="dw-md-think-body">
          <MarkdownBody source={text} streaming={streaming && !closed} />
        </div>
      </details>
    );
  }
}

/**
 * Renders model output as markdown built from an allowlist of elements, never as HTML.
 * Re-render it with the longer `source` on every streamed token (`streaming: true`) and once
 * more with `streaming: false`; each token costs only the growing last block.
 */
export function Markdown({ source, streaming }: MarkdownProps): VNode {
  const { reasoning, closed, answer } = splitReasoning(source, streaming);
  // The reasoning slot stays in place (false when empty), so the answer's DOM is never remounted.
  return (
    <div class="dw-md">
      {reasoning !== null && <Reasoning text={reasoning} closed={closed} streaming={streaming} />}
      <MarkdownBody source={answer} streaming={streaming} />
    </div>
  );
}

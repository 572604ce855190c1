import type { ComponentChild } from 'preact';
import type { InlineHtmlTag } from './inline-html.ts';

/** Column alignment of a GFM table, from the colons in its delimiter row. */
export type Alignment = 'left' | 'center' | 'right' | null;

/** One block-level construct. Text fields hold raw markdown; inline parsing happens at render time. */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'code'; info: string; text: string }
  | { kind: 'quote'; children: Block[] }
  | { kind: 'list'; ordered: boolean; start: number; loose: boolean; items: ListItem[] }
  | { kind: 'table'; alignments: Alignment[]; head: string[]; rows: string[][] }
  | { kind: 'details'; summary: string; children: Block[] }
  | { kind: 'rule' };

/** A list item; `checked` is null unless the item starts with a GFM task marker. */
export interface ListItem {
  checked: boolean | null;
  children: Block[];
}

/** Inline content. A link's href has already been vetted by `safeHref`. */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'break' }
  | { kind: 'em' | 'strong' | 'del'; children: Inline[] }
  | { kind: 'html'; tag: InlineHtmlTag; children: Inline[] }
  | { kind: 'link'; href: string; image: boolean; children: Inline[] }
  /** Drawn by a lazily loaded part of the renderer (math); `text` is its source, for alt texts. */
  | { kind: 'custom'; node: ComponentChild; text: string };

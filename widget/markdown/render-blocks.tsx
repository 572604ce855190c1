import type { ComponentChild } from 'preact';
import type { Alignment, Block, ListItem } from './ast.ts';
import { CodeBlock } from './code-block.tsx';
import { extensions } from './extensions.ts';
import { parseInline } from './inline-parser.ts';
import type { Definitions } from './link-definitions.ts';
import { renderInline } from './render-inline.tsx';

const HEADING_TAGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;

function inline(text: string, definitions: Definitions): ComponentChild[] {
  return renderInline(parseInline(text, true, definitions));
}

function alignClass(alignment: Alignment | undefined): string | undefined {
  return alignment ? `dw-md-align-${alignment}` : undefined;
}

function renderItem(item: ListItem, loose: boolean, definitions: Definitions): ComponentChild {
  // Tight lists show their paragraphs without <p> wrappers, as CommonMark specifies.
  const content = item.children.map((child) =>
    !loose && child.kind === 'paragraph' ? inline(child.text, definitions) : renderBlock(child, definitions),
  );
  if (item.checked === null) return <li>{content}</li>;
  return (
    <li class="dw-md-task">
      <span class="dw-md-checkbox">{item.checked ? '☑' : '☐'}</span> {content}
    </li>
  );
}

/** Renders one block node; only allowlisted elements and fixed class names are produced. */
function renderBlock(block: Block, definitions: Definitions): ComponentChild {
  switch (block.kind) {
    case 'paragraph':
      return <p>{inline(block.text, definitions)}</p>;
    case 'heading': {
      const Tag = HEADING_TAGS[block.level - 1] ?? 'h6';
      return <Tag>{inline(block.text, definitions)}</Tag>;
    }
    case 'code':
      return (block.info && extensions.code?.(block.info, block.text)) || <CodeBlock info={block.info} text={block.text} />;
    case 'quote':
      return <blockquote>{block.children.map((child) => renderBlock(child, definitions))}</blockquote>;
    case 'rule':
      return <hr />;
    case 'details':
      return (
        <details>
          {block.summary && <summary>{inline(block.summary, definitions)}</summary>}
          {block.children.map((child) => renderBlock(child, definitions))}
        </details>
      );
    case 'list': {
      const items = block.items.map((item) => renderItem(item, block.loose, definitions));
      if (!block.ordered) return <ul>{items}</ul>;
      return <ol start={block.start === 1 ? undefined : block.start}>{items}</ol>;
    }
    case 'table':
      return (
        <div class="dw-md-table" tabIndex={0}>
          <table>
            <thead>
              <tr>
                {block.head.map((cell, column) => (
                  <th class={alignClass(block.alignments[column])}>{inline(cell, definitions)}</th>
                ))}
              </tr>
            </thead>
            {block.rows.length > 0 && (
              <tbody>
                {block.rows.map((row) => (
                  <tr>
                    {row.map((cell, column) => (
                      <td class={alignClass(block.alignments[column])}>{inline(cell, definitions)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            )}
          </table>
        </div>
      );
  }
}

/** Renders a list of block nodes; reference links resolve against the document's `definitions`. */
export function renderBlocks(blocks: readonly Block[], definitions: Definitions = new Map()): ComponentChild[] {
  return blocks.map((block) => renderBlock(block, definitions));
}

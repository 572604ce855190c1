// The highlighting chunk: fetched the first time an answer has a fenced block with a language. It
// draws such blocks with highlight.js's tokens as coloured spans (colours in theme.ts, adopted by
// the shadow root); the Copy button still copies the raw text.
import { useShadowStyles } from '../../ui/lazy-styles.ts';
import { CodeBlock } from '../code-block.tsx';
import { extensions } from '../extensions.ts';
import { MermaidBlock } from '../mermaid/MermaidBlock.tsx';
import { highlightTokens } from './languages.ts';
import { highlightCss } from './theme.ts';
import { tokensToVNodes } from './token-tree.tsx';

// Beyond this a block is shown plain: highlighting it again on every streamed token would cost too much.
const MAX_HIGHLIGHTED = 20_000;

function HighlightedCode({ info, text, tree }: { info: string; text: string; tree: unknown }) {
  const ref = useShadowStyles<HTMLSpanElement>(highlightCss);
  return (
    <CodeBlock info={info} text={text}>
      <span ref={ref}>{tokensToVNodes(tree)}</span>
    </CodeBlock>
  );
}

extensions.code = (info, text) => {
  const language = (info.split(/\s/)[0] ?? '').toLowerCase();
  // Drawn as a diagram where the site owner opted in; a code block otherwise (MermaidBlock decides).
  if (language === 'mermaid') return <MermaidBlock info={info} text={text} />;
  const tree = text.length <= MAX_HIGHLIGHTED ? highlightTokens(language, text) : undefined;
  return tree === undefined ? undefined : <HighlightedCode info={info} text={text} tree={tree} />;
};

export { Markdown, type MarkdownProps } from './Markdown.tsx';
export { markdownCss } from './styles.ts';
export { MarkdownLabelsContext, type MarkdownLabels } from './code-block.tsx';

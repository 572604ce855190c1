export { Markdown } from './Markdown.tsx';
export { markdownCss } from './styles.ts';
export { MarkdownLabelsContext } from './code-block.tsx';
export { MarkdownOptionsContext } from './options.ts';

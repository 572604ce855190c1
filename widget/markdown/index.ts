export { Markdown } from './Markdown.tsx';
export { markdownCss } from './styles.ts';
export { MarkdownOptionsContext } from './options.ts';

// The one seam between the chat and the markdown renderer: swap the renderer here and nowhere else.
import { Markdown, markdownCss } from '../markdown/index.ts';

/** Renders an answer's text; `streaming` lets the renderer keep settled blocks and re-parse only the tail. */
export function AnswerBody({ source, streaming }: { source: string; streaming: boolean }) {
  return <Markdown source={source} streaming={streaming} />;
}

/** CSS for what AnswerBody renders, added to the shadow root's stylesheet. */
export const answerBodyCss = markdownCss;

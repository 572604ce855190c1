import { Component } from 'preact';
import { catalogue } from '../../i18n/catalogue.ts';
import { CodeBlock } from '../code-block.tsx';
import { type MarkdownOptions, MarkdownOptionsContext } from '../options.ts';

interface Props {
  info: string;
  text: string;
}

interface State {
  /** The source the diagram was drawn from, and the drawing. */
  drawn?: { source: string; url: string; width: number | undefined; diagramWord: () => string };
}

// A streamed fence grows token by token: draw once the text has stood still this long.
const SETTLE_MS = 400;

/** True when the site owner opted in (`data-mermaid="on"`, `mermaid: true`, or the bare attribute). */
function mermaidEnabled(options: MarkdownOptions): boolean {
  const value = options.config?.mermaid;
  return value === true || value === '' || value === 'on' || value === 'true';
}

/**
 * A mermaid fence: the code block until the diagram is drawn (and for good when the site has not opted
 * in or mermaid cannot parse it), then the diagram as an image, the source one click away.
 */
export class MermaidBlock extends Component<Props, State> {
  static override contextType = MarkdownOptionsContext;
  private timer: ReturnType<typeof setTimeout> | undefined;

  override componentDidMount(): void {
    this.schedule();
  }

  override componentDidUpdate(previous: Props): void {
    if (previous.text !== this.props.text) this.schedule();
  }

  override componentWillUnmount(): void {
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (!mermaidEnabled(this.context as MarkdownOptions)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.draw(this.props.text), SETTLE_MS);
  }

  private async draw(source: string): Promise<void> {
    try {
      // The picker of its strings comes with it: a highlighted answer on a site without diagrams never fetches it.
      const { renderDiagram, diagramWord } = await import('./render-diagram.ts');
      const { url, width } = await renderDiagram(source);
      if (this.props.text === source) this.setState({ drawn: { source, url, width, diagramWord } });
    } catch (error) {
      // Not a diagram mermaid can draw (or mermaid did not load): the code block stays.
      console.warn('[dify-widget] mermaid could not draw a diagram; it stays code.', error);
    }
  }

  render() {
    const { info, text } = this.props;
    if (!mermaidEnabled(this.context as MarkdownOptions)) return <CodeBlock info={info} text={text} />;
    const drawn = this.state.drawn?.source === text ? this.state.drawn : undefined;
    const firstLine = text.trim().split('\n')[0] ?? '';
    if (!drawn) return <CodeBlock info={info} text={text} />;
    return (
      <p class="dw-md-diagram">
        <img
          src={drawn.url}
          alt={catalogue.value.labelled(drawn.diagramWord()) + firstLine}
          width={drawn.width}
          style={{ maxWidth: '100%', height: 'auto' }}
        />
      </p>
    );
  }
}

import { Component, type ComponentChildren, createContext } from 'preact';

/** Texts the markdown shows; the widget may provide translations through this context. */
export interface MarkdownLabels {
  /** The code block's Copy button. */
  copy: string;
  copied: string;
  /** The folded reasoning of a reasoning model, while it streams and once done. */
  thinking?: string;
  thought?: (seconds: number | null) => string;
}

/** The English summary of finished reasoning; the duration is unknown for an answer loaded whole. */
export function thoughtFor(seconds: number | null): string {
  return seconds === null ? 'Thought' : `Thought for ${seconds} s`;
}

/** Context for the Copy button's labels (defaults to English). */
export const MarkdownLabelsContext = createContext<MarkdownLabels>({ copy: 'Copy code', copied: 'Copied' });

/** Lower-cased language name reduced to [a-z0-9-], usable in a class name; "" when none. */
export function languageClass(info: string): string {
  const word = (info.split(/\s/)[0] ?? '').toLowerCase().replace(/\+/g, 'p').replace(/#/g, 'sharp');
  return word.replace(/[^a-z0-9-]/g, '').slice(0, 32);
}

interface CopyProps {
  text: string;
}

class CopyButton extends Component<CopyProps, { copied: boolean }> {
  static override contextType = MarkdownLabelsContext;
  override state = { copied: false };
  private timer: ReturnType<typeof setTimeout> | undefined;

  private readonly copy = (): void => {
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
    clipboard?.writeText(this.props.text).then(
      () => {
        this.setState({ copied: true });
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.setState({ copied: false }), 1500);
      },
      () => undefined,
    );
  };

  override componentWillUnmount(): void {
    clearTimeout(this.timer);
  }

  render() {
    const labels: MarkdownLabels = this.context;
    const label = this.state.copied ? labels.copied : labels.copy;
    return (
      <button type="button" class="dw-md-copy" aria-label={label} onClick={this.copy}>
        {label}
      </button>
    );
  }
}

/** A fenced or indented code block with its language label and a Copy button (which copies `text`, not `children`). */
export function CodeBlock({ info, text, children }: { info: string; text: string; children?: ComponentChildren }) {
  const language = languageClass(info);
  const label = (info.split(/\s/)[0] ?? '').slice(0, 32);
  return (
    <div class="dw-md-code">
      <div class="dw-md-code-bar">
        <span class="dw-md-code-lang">{label}</span>
        <CopyButton text={text} />
      </div>
      <pre tabIndex={0}>
        <code class={language ? `language-${language}` : undefined}>{children ?? text}</code>
      </pre>
    </div>
  );
}

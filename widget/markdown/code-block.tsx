import { Component, type ComponentChildren } from 'preact';
import { catalogue } from '../i18n/catalogue.ts';

/** Lower-cased language name reduced to [a-z0-9-], usable in a class name; "" when none. */
export function languageClass(info: string): string {
  const word = (info.split(/\s/)[0] ?? '').toLowerCase().replace(/\+/g, 'p').replace(/#/g, 'sharp');
  return word.replace(/[^a-z0-9-]/g, '').slice(0, 32);
}

interface CopyProps {
  text: string;
}

class CopyButton extends Component<CopyProps, { copied: boolean }> {
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
    const label = this.state.copied ? catalogue.value.copied : catalogue.value.copyCode;
    return (
      // Its text is its name: an aria-label would only repeat it.
      <button type="button" class="dw-md-copy" onClick={this.copy}>
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

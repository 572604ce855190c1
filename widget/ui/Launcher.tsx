import { catalogue } from '../i18n/catalogue.ts';
import type { ViewModel } from './view-model.ts';
import { Icon } from './Icon.tsx';

/** The floating bubble: a real button that says whether the chat panel is expanded. */
export function Launcher({ view, title }: { view: ViewModel; title: string | undefined }) {
  const isOpen = view.isOpen.value;
  return (
    <button
      type="button"
      class="dw-launcher"
      part="launcher"
      aria-label={title ? catalogue.value.chatWith(title) : catalogue.value.openChat}
      aria-haspopup="dialog"
      aria-expanded={isOpen ? 'true' : 'false'}
      aria-controls="dw-panel"
      ref={(element) => void (view.launcher.current = element)}
      onClick={() => view.toggle()}
    >
      <Icon name={isOpen ? 'close' : 'chat'} />
    </button>
  );
}

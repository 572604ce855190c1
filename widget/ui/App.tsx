import { language } from '../i18n/catalogue.ts';
import { isRightToLeft } from '../i18n/languages.ts';
import type { WidgetModel } from '../model/widget-model.ts';
import { Launcher } from './Launcher.tsx';
import { Panel } from './Panel.tsx';
import type { ViewModel } from './view-model.ts';

/** The widget's root: the bubble and its panel, or the panel alone inline. Escape closes the bubble's panel. */
export function App({ model, view }: { model: WidgetModel; view: ViewModel }) {
  const { config } = model;
  const isOpen = view.isOpen.value;
  return (
    <div
      class="dw-root"
      part="root"
      lang={language.value}
      dir={isRightToLeft(language.value) ? 'rtl' : 'ltr'}
      data-mode={view.mode}
      data-position={config.position}
      data-open={isOpen ? 'true' : 'false'}
      style={config.primaryColor ? { '--dw-option-primary': config.primaryColor } : undefined}
      onKeyDown={(event) => {
        // While an input method is composing (Chinese, Japanese…), Escape cancels the candidate.
        if (event.key !== 'Escape' || event.isComposing || !isOpen || view.mode !== 'bubble' || event.defaultPrevented) return;
        event.preventDefault();
        event.stopPropagation();
        view.close();
      }}
    >
      {view.mode === 'bubble' && <Launcher view={view} title={config.title} />}
      {isOpen && <Panel model={model} view={view} />}
    </div>
  );
}

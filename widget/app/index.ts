/**
 * The app chunk: loaded by widget.js when the visitor opens the chat or the page is idle. It
 * replaces the loader's painted bubble with the Preact UI in the same shadow root.
 */
import { effect } from '@preact/signals';
import { render } from 'preact';
import { createElement } from 'preact';
import { chooseLanguage } from '../i18n/choose.ts';
import { markdownCss, MarkdownOptionsContext } from '../markdown/index.ts';
import { createWidgetModel } from '../model/widget-model.ts';
import { adoptStyles } from '../shared/styles.ts';
import type { MountWidget } from '../shared/contract.ts';
import { App } from '../ui/App.tsx';
import tokensCss from '../ui/tokens.css?inline';
import widgetCss from '../ui/styles.css?inline';
import { createViewModel } from '../ui/view-model.ts';
import { createController } from './controller.ts';

export type { MountContext, MountWidget, WidgetController } from '../shared/contract.ts';

/** Renders the widget into the loader's shadow root and returns the commands the JS API calls. */
export const mount: MountWidget = (context) => {
  const { config, root, host, emit } = context;
  const model = createWidgetModel({ config, proxyBase: context.proxyBase, emit });
  const useAppLanguage = chooseLanguage(config.lang, config.strings);
  const stopLanguage = effect(() => useAppLanguage(model.app.value?.language));
  const view = createViewModel({ mode: config.mode, root, host, emit, onOpen: () => void model.activate() });

  const painted = Array.from(root.children);
  const loaderHadFocus = root.activeElement !== null;
  const container = document.createElement('div');
  container.className = 'dw-mount';
  // The loader has adopted the launcher's rules into this root already (widget/loader/instance.ts).
  adoptStyles(root, tokensCss + widgetCss + markdownCss);
  root.append(container);
  // The markdown's lazily loaded parts read image-hosts, mermaid and the proxy's URL from here.
  render(createElement(MarkdownOptionsContext.Provider, { value: context }, createElement(App, { model, view })), container);
  for (const element of painted) element.remove();
  if (loaderHadFocus) view.launcher.current?.focus();

  if (config.mode === 'inline') void model.activate();
  // Opened by the page, not by the visitor: do not pull focus away from what they are doing.
  else if (config.open) view.open({ moveFocus: false });

  return createController(model, view, () => {
    stopLanguage();
    render(null, container);
    container.remove();
  });
};

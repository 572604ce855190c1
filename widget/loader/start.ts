import { readConfig } from './config.ts';
import { createInstance, type AppLoader, type WidgetHandle } from './instance.ts';
import { installRegistry } from './registry.ts';

export interface StartOptions {
  /** The `<script>` that loaded widget.js (document.currentScript, read synchronously). */
  script: HTMLScriptElement | null;
  /** Loads the app chunk given the proxy base URL. */
  loadApp: (proxyBase: string) => ReturnType<AppLoader>;
  version: string;
  idleTimeout?: number;
}

function findScript(script: HTMLScriptElement | null): HTMLScriptElement | null {
  if (script?.src) return script;
  // Without currentScript (e.g. loaded by a tag manager that evaluates the code), take the last widget.js tag.
  const candidates = document.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]');
  return candidates[candidates.length - 1] ?? null;
}

function whenDocumentReady(callback: () => void): void {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', callback, { once: true });
  else callback();
}

/**
 * Everything widget.js does: validate the options once, register with `window.DifyWidget`, and
 * create the widget (bubble on the body, or inline in the target element) when the page is ready.
 * Returns the handle, or undefined when the widget cannot start (the console says why).
 */
export function start(options: StartOptions): Promise<WidgetHandle | undefined> {
  const script = findScript(options.script);
  if (!script) {
    console.error(
      '[dify-widget] Could not find the widget.js <script> tag; embed it as <script src="https://your-proxy/widget.js" defer></script>.',
    );
    return Promise.resolve(undefined);
  }
  const proxyBase = new URL('.', script.src).href;
  const { config, problems, fatal } = readConfig({ ...script.dataset }, Reflect.get(window, 'difyWidgetConfig'));
  for (const problem of problems) console.error(`[dify-widget] ${problem}`);
  if (fatal) return Promise.resolve(undefined);

  const registry = installRegistry(window, options.version);
  return new Promise((resolve) => {
    whenDocumentReady(() => {
      const parent = config.mode === 'inline' && config.target ? document.querySelector(config.target) : document.body;
      if (!parent) {
        console.error(
          `[dify-widget] data-target="${config.target}" matches no element on this page; add an element such as <div id="chat"></div> and write data-target="#chat".`,
        );
        resolve(undefined);
        return;
      }
      resolve(
        registry.register(config.app ?? 'default', (key, onDestroy) =>
          createInstance({
            key,
            config,
            proxyBase,
            parent,
            onDestroy,
            loadApp: () => options.loadApp(proxyBase),
            ...(options.idleTimeout === undefined ? {} : { idleTimeout: options.idleTimeout }),
          }),
        ),
      );
    });
  });
}

import launcherCss from '../shared/launcher.css?inline';
import { adoptStyles } from '../shared/styles.ts';
import type { MountWidget, WidgetConfig, WidgetController, WidgetEventName } from '../shared/contract.ts';
import { createEventHub, type Listener } from './events.ts';
import { paintLauncher } from './paint.ts';

/** Loads the app chunk; the real one is `import(<proxy>/widget/assets/app-<hash>.js)`. */
export type AppLoader = () => Promise<{ mount: MountWidget }>;

type Command = Exclude<keyof WidgetController, 'destroy'>;

/** The public handle of one widget: `DifyWidget` (for the first one) or `DifyWidget.get(key)`. */
export interface WidgetHandle extends WidgetController {
  readonly key: string;
  readonly app: string | null;
  on<Name extends WidgetEventName>(name: Name, listener: Listener<Name>): () => void;
}

export interface InstanceOptions {
  key: string;
  config: WidgetConfig;
  proxyBase: string;
  /** Where the host element goes: document.body for the bubble, the target element inline. */
  parent: Element;
  loadApp: AppLoader;
  /** Called once the instance is destroyed, to drop it from the registry. */
  onDestroy: () => void;
  /** How long to wait for an idle moment before loading the app anyway. */
  idleTimeout?: number;
}

function whenIdle(callback: () => void, timeout: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(callback, { timeout });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(callback, Math.min(timeout, 2000));
  return () => clearTimeout(handle);
}

// Arguments come from host-page code (or the pre-load queue), so they are checked here once.
function invoke(target: WidgetController, command: Command, args: unknown[]): unknown {
  const [first] = args;
  switch (command) {
    case 'send':
      return typeof first === 'string' ? target.send(first) : console.error('[dify-widget] send(text) needs a string.');
    case 'identify':
      return typeof first === 'string'
        ? target.identify(first)
        : Promise.reject(new TypeError('[dify-widget] identify(jwt) needs the JWT string your server signed.'));
    case 'setInputs':
      return typeof first === 'object' && first !== null && !Array.isArray(first)
        ? target.setInputs(Object.fromEntries(Object.entries(first)))
        : console.error('[dify-widget] setInputs(inputs) needs an object, e.g. setInputs({ plan: "pro" }).');
    default:
      return target[command]();
  }
}

/**
 * One widget on the page: a host element with an open shadow root, the painted bubble, and the
 * lazily loaded app. Commands given before the app has loaded are kept in order and replayed;
 * any command (or a click on the bubble) loads the app at once, otherwise it loads when idle.
 */
export function createInstance(options: InstanceOptions): WidgetHandle {
  const { config, key } = options;
  const app = config.app ?? null;
  const events = createEventHub(app, key);
  const host = document.createElement('dify-widget');
  host.dataset.app = app ?? 'default';
  options.parent.append(host);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, launcherCss);
  const launcher = paintLauncher(root, config);

  // Commands given before the app has loaded, replayed in order once it has.
  const pending: (() => void)[] = [];
  let controller: WidgetController | undefined;
  let loading: Promise<void> | undefined;
  let destroyed = false;

  function load(): Promise<void> {
    loading ??= options
      .loadApp()
      .then(({ mount }) => {
        if (destroyed) return;
        controller = mount({ config, proxyBase: options.proxyBase, host, root, emit: events.emit });
        for (const replay of pending.splice(0)) replay();
        events.emit('ready', { mode: config.mode });
      })
      .catch((error: unknown) => {
        loading = undefined;
        launcher?.removeAttribute('aria-busy');
        console.error(
          `[dify-widget] Could not load the chat from ${options.proxyBase}widget/. Check that the proxy is running and that this page's Content-Security-Policy allows script-src ${new URL(options.proxyBase).origin}.`,
          error,
        );
        events.emit('error', { kind: 'offline', code: 'widget_load_failed', message: 'The chat could not be loaded.' });
      });
    return loading;
  }

  function run(command: Command, args: unknown[]): unknown {
    if (destroyed) return undefined;
    if (controller) return invoke(controller, command, args);
    launcher?.setAttribute('aria-busy', 'true');
    void load();
    // Settles with the command's own result once it has run, so `await identify(jwt)` means identified.
    return new Promise((resolve) => pending.push(() => resolve(run(command, args))));
  }

  const cancelIdle = config.open || config.mode === 'inline' ? () => undefined : whenIdle(() => void load(), options.idleTimeout ?? 4000);
  if (config.open || config.mode === 'inline') void load();
  launcher?.addEventListener('click', () => run('open', []));

  const asPromise = (value: unknown) => (value instanceof Promise ? value : Promise.resolve());
  return {
    key,
    app,
    open: () => void run('open', []),
    close: () => void run('close', []),
    toggle: () => void run('toggle', []),
    send: (text) => void run('send', [text]),
    newConversation: () => void run('newConversation', []),
    identify: (identityToken) => asPromise(run('identify', [identityToken])),
    logout: () => asPromise(run('logout', [])),
    setInputs: (inputs) => void run('setInputs', [inputs]),
    on: events.on,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      cancelIdle();
      controller?.destroy();
      host.remove();
      events.clear();
      pending.length = 0;
      options.onDestroy();
    },
  };
}

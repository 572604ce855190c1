import type { WidgetEventName } from '../shared/contract.ts';
import type { WidgetHandle } from './instance.ts';

/**
 * A call queued before widget.js ran (or pushed later; it then runs at once):
 *   DifyWidget.q.push(['open'])                                   the first widget on the page
 *   DifyWidget.q.push(['send', 'Hello'])
 *   DifyWidget.q.push(['on', 'message', (detail) => …])
 *   DifyWidget.q.push({ app: 'agent', call: ['open'] })           the widget with data-app="agent"
 */
type QueueEntry = unknown[] | { app?: string; call: unknown[] };

/** `window.DifyWidget` once widget.js has run: the first widget's methods, and the way to the others. */
export interface DifyWidgetGlobal extends Omit<WidgetHandle, 'key' | 'app' | 'destroy'> {
  readonly version: string;
  readonly q: { push(...entries: QueueEntry[]): number };
  /** Every widget on the page by key: its `data-app` (or `default`), `-2`, `-3`… for repeats. */
  readonly instances: Readonly<Record<string, WidgetHandle>>;
  get(key?: string): WidgetHandle | undefined;
  /** Removes every widget on the page and this global. */
  destroy(): void;
}

/** How a loader adds its widget; shared by every widget.js on the page through a global symbol. */
export interface Registry {
  register(preferredKey: string, create: (key: string, onDestroy: () => void) => WidgetHandle): WidgetHandle;
}

const registryKey = Symbol.for('dify-widget.registry');
const eventNames: WidgetEventName[] = ['ready', 'open', 'close', 'message', 'error', 'feedback'];
const methods = ['open', 'close', 'toggle', 'send', 'newConversation', 'identify', 'logout', 'setInputs', 'on', 'destroy'] as const;
type Method = (typeof methods)[number];

function isRegistry(value: unknown): value is Registry {
  return typeof value === 'object' && value !== null && 'register' in value && typeof value.register === 'function';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isQueueEntry(entry: unknown): entry is QueueEntry {
  return (
    Array.isArray(entry) ||
    (typeof entry === 'object' &&
      entry !== null &&
      'call' in entry &&
      Array.isArray(entry.call) &&
      (!('app' in entry) || entry.app === undefined || typeof entry.app === 'string'))
  );
}

function call(handle: WidgetHandle, entry: unknown[]): void {
  const [name, first, second] = entry;
  const method: Method | undefined = methods.find((candidate) => candidate === name);
  switch (method) {
    case undefined:
      console.error(`[dify-widget] Unknown queued call ${JSON.stringify(name)}; use one of ${methods.join(', ')}.`);
      return;
    case 'on':
      const event = eventNames.find((candidate) => candidate === first);
      if (event && typeof second === 'function') handle.on(event, (detail) => second(detail));
      else console.error('[dify-widget] Queue it as ["on", "message", function (detail) { … }].');
      return;
    case 'send':
      return typeof first === 'string' ? handle.send(first) : console.error('[dify-widget] Queue it as ["send", "your message"].');
    case 'identify':
      if (typeof first === 'string')
        void handle.identify(first).catch((error: unknown) => console.error('[dify-widget] identify failed:', error));
      else console.error('[dify-widget] Queue it as ["identify", "<JWT from your server>"].');
      return;
    case 'setInputs':
      return isPlainObject(first) ? handle.setInputs(first) : console.error('[dify-widget] Queue it as ["setInputs", { name: "value" }].');
    case 'logout':
      void handle.logout();
      return;
    default:
      handle[method]();
  }
}

/** Installs `window.DifyWidget` (taking over a `{ q: [] }` stub and its queued calls) or returns the one already there. */
export function installRegistry(scope: object, version: string): Registry {
  const existing: unknown = Reflect.get(scope, registryKey);
  if (isRegistry(existing)) return existing;

  const stub: unknown = Reflect.get(scope, 'DifyWidget');
  const queued: unknown[] = stub && typeof stub === 'object' && 'q' in stub && Array.isArray(stub.q) ? [...stub.q] : [];
  const instances: Record<string, WidgetHandle> = {};
  const waiting: QueueEntry[] = [];
  let defaultKey: string | undefined;

  const target = (entry: QueueEntry): [WidgetHandle | undefined, unknown[]] => {
    if (Array.isArray(entry)) return [defaultKey === undefined ? undefined : instances[defaultKey], entry];
    return [instances[entry.app ?? 'default'], entry.call];
  };
  const dispatch = (entry: unknown) => {
    if (!isQueueEntry(entry)) {
      console.error('[dify-widget] Queue entries look like ["open"] or { app: "agent", call: ["open"] }.');
      return;
    }
    const [handle, callEntry] = target(entry);
    if (handle) call(handle, callEntry);
    else waiting.push(entry);
  };
  const defaultHandle = (): WidgetHandle | undefined => {
    const handle = defaultKey === undefined ? undefined : instances[defaultKey];
    if (!handle) console.warn('[dify-widget] There is no widget on this page (it was destroyed or has not started).');
    return handle;
  };

  const api: DifyWidgetGlobal = {
    version,
    q: {
      push: (...entries) => {
        entries.forEach(dispatch);
        return 0;
      },
    },
    instances,
    get: (key) => instances[key ?? defaultKey ?? 'default'],
    open: () => defaultHandle()?.open(),
    close: () => defaultHandle()?.close(),
    toggle: () => defaultHandle()?.toggle(),
    send: (text) => defaultHandle()?.send(text),
    newConversation: () => defaultHandle()?.newConversation(),
    identify: (identityToken) => defaultHandle()?.identify(identityToken) ?? Promise.resolve(),
    logout: () => defaultHandle()?.logout() ?? Promise.resolve(),
    setInputs: (inputs) => defaultHandle()?.setInputs(inputs),
    on: (name, listener) => defaultHandle()?.on(name, listener) ?? (() => undefined),
    destroy: () => Object.values(instances).forEach((handle) => handle.destroy()),
  };

  const registry: Registry = {
    register(preferredKey, create) {
      let key = preferredKey;
      for (let suffix = 2; instances[key]; suffix += 1) key = `${preferredKey}-${suffix}`;
      const handle = create(key, () => {
        delete instances[key];
        if (defaultKey === key) defaultKey = Object.keys(instances)[0];
        // The last widget gone: leave no trace (a new widget.js will install everything again).
        if (defaultKey === undefined) {
          Reflect.deleteProperty(scope, 'DifyWidget');
          Reflect.deleteProperty(scope, registryKey);
        }
      });
      instances[key] = handle;
      defaultKey ??= key;
      for (const entry of waiting.splice(0)) dispatch(entry);
      return handle;
    },
  };

  Object.defineProperty(scope, registryKey, { value: registry, configurable: true });
  Reflect.set(scope, 'DifyWidget', api);
  waiting.push(...queued.filter(isQueueEntry));
  return registry;
}

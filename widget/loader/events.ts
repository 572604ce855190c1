import type { WidgetEventMap, WidgetEventName } from '../shared/contract.ts';

export type Listener<Name extends WidgetEventName> = (detail: WidgetEventMap[Name]) => void;

/** Per-instance listeners plus `dify-widget:<event>` CustomEvents on window, with the app filled in. */
export interface EventHub {
  on<Name extends WidgetEventName>(name: Name, listener: Listener<Name>): () => void;
  emit<Name extends WidgetEventName>(name: Name, detail: Omit<WidgetEventMap[Name], 'app'>): void;
  clear(): void;
}

/** Creates the event hub of one instance. A throwing host listener is logged and never breaks the widget. */
export function createEventHub(app: string | null, key: string): EventHub {
  const listeners = new Map<WidgetEventName, Set<(detail: never) => void>>();
  return {
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => void set.delete(listener);
    },
    emit(name, detail) {
      const full = { ...detail, app };
      for (const listener of listeners.get(name) ?? []) {
        try {
          // The map stores each event's listeners under its name; TypeScript cannot follow that link.
          (listener as (value: typeof full) => void)(full);
        } catch (error) {
          console.error(`[dify-widget] A "${name}" listener threw:`, error);
        }
      }
      window.dispatchEvent(new CustomEvent(`dify-widget:${name}`, { detail: { ...full, instance: key } }));
    },
    clear: () => listeners.clear(),
  };
}

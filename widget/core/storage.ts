import type { PersistMode } from '../shared/contract.ts';

/** The part of the Web Storage API the widget uses; a Map-backed one stands in when storage is off or blocked. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A store that lives as long as the page. */
export function createMemoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

function probe(open: () => Storage): KeyValueStore | undefined {
  // Reading `localStorage` can itself throw (blocked third-party storage, sandboxed iframes),
  // and Safari's private mode used to throw on write; fall back to memory in both cases.
  try {
    const storage = open();
    const key = 'dify-widget:probe';
    storage.setItem(key, '1');
    storage.removeItem(key);
    return storage;
  } catch {
    return undefined;
  }
}

/** The store for a `persist` mode: localStorage, sessionStorage, or memory (`none`, or storage unavailable). */
export function createStore(mode: PersistMode, scope: { localStorage: Storage; sessionStorage: Storage } = window): KeyValueStore {
  const store = mode === 'local' ? probe(() => scope.localStorage) : mode === 'session' ? probe(() => scope.sessionStorage) : undefined;
  return store ?? createMemoryStore();
}

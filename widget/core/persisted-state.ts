import { isRecord, parseJson, readNumber, readRecord, readString } from './guards.ts';
import type { KeyValueStore } from './storage.ts';

/** A visitor session minted by the proxy's `POST /session`. `expiresAt` is in epoch seconds. */
export interface StoredSession {
  token: string;
  user: string;
  expiresAt: number;
}

/** The conversation to reopen after a reload, with the session user it belongs to. */
interface StoredConversation {
  id: string;
  user: string;
}

/** What the widget keeps per (proxy, app) across page loads. */
interface PersistedState {
  session?: StoredSession;
  conversation?: StoredConversation;
}

/** Reads and writes one (proxy, app) record; a corrupt or foreign record reads as empty. */
export interface StateStore {
  read(): PersistedState;
  update(change: (state: PersistedState) => PersistedState): void;
  clear(): void;
}

/** The storage key for a (proxy, app) pair. The proxy URL is part of it so two proxies on one page never share. */
export function storageKey(proxyBase: string, app: string | undefined): string {
  return `dify-widget:v1:${proxyBase}#${app ?? ''}`;
}

/** Narrows a stored session; anything malformed is dropped rather than trusted. */
export function readSession(value: unknown): StoredSession | undefined {
  if (!isRecord(value)) return undefined;
  const token = readString(value, 'token');
  const user = readString(value, 'user');
  const expiresAt = readNumber(value, 'expiresAt') ?? readNumber(value, 'expires_at');
  return token && user && expiresAt !== undefined ? { token, user, expiresAt } : undefined;
}

function readState(text: string | null): PersistedState {
  const value = text === null ? undefined : parseJson(text);
  if (!isRecord(value)) return {};
  const state: PersistedState = {};
  const session = readSession(value.session);
  if (session) state.session = session;
  const conversation = readRecord(value, 'conversation');
  const id = conversation && readString(conversation, 'id');
  const user = conversation && readString(conversation, 'user');
  if (id && user) state.conversation = { id, user };
  return state;
}

/** A typed view over one key of a KeyValueStore. Write failures (quota) are ignored: persistence is best effort. */
export function createStateStore(store: KeyValueStore, key: string): StateStore {
  const read = () => readState(store.getItem(key));
  return {
    read,
    update(change) {
      try {
        store.setItem(key, JSON.stringify(change(read())));
      } catch {
        // Quota exceeded or storage revoked: the widget keeps working from memory.
      }
    },
    clear() {
      try {
        store.removeItem(key);
      } catch {
        // As above.
      }
    },
  };
}

import { isRecord, parseJson, readNumber, readRecord, readString, type JsonRecord } from './guards.ts';
import type { RunPause } from './answer.ts';
import { readInputValues } from './inputs.ts';
import type { KeyValueStore } from './storage.ts';

/** A visitor session minted by the proxy's `POST /session`. `expiresAt` is in epoch seconds. */
export interface StoredSession {
  token: string;
  user: string;
  expiresAt: number;
}

/** A form the last answer waits on, to show again after a reload (its message id finds the turn). */
export interface StoredPause extends RunPause {
  messageId?: string;
}

/**
 * The conversation to reopen after a reload, with the session user it belongs to. `inputs` are the
 * ones its messages are sent with: Dify checks them on every message, not only the first (§4.1).
 */
export interface StoredConversation {
  id: string;
  user: string;
  inputs?: Record<string, unknown>;
  pause?: StoredPause;
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

function readPause(value: unknown): StoredPause | undefined {
  if (!isRecord(value)) return undefined;
  const runId = readString(value, 'runId');
  const forms = Array.isArray(value.forms) ? value.forms.filter(isRecord) : [];
  if (!runId || forms.length === 0) return undefined;
  const messageId = readString(value, 'messageId');
  return messageId ? { runId, forms, messageId } : { runId, forms };
}

function readConversation(value: JsonRecord | undefined): StoredConversation | undefined {
  const id = value && readString(value, 'id');
  const user = value && readString(value, 'user');
  if (!value || !id || !user) return undefined;
  const conversation: StoredConversation = { id, user };
  const inputs = readInputValues(value.inputs);
  if (inputs) conversation.inputs = inputs;
  const pause = readPause(value.pause);
  if (pause) conversation.pause = pause;
  return conversation;
}

function readState(text: string | null): PersistedState {
  const value = text === null ? undefined : parseJson(text);
  if (!isRecord(value)) return {};
  const state: PersistedState = {};
  const session = readSession(value.session);
  if (session) state.session = session;
  const conversation = readConversation(readRecord(value, 'conversation'));
  if (conversation) state.conversation = conversation;
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

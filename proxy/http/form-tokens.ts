import { isRecord } from '../errors.ts';

/** Dify forgets an unanswered form after 7 days at most (`HUMAN_INPUT_GLOBAL_TIMEOUT_SECONDS`, dify-api.md §11.2). */
const longestFormLifeMs = 7 * 24 * 3600 * 1000;

/**
 * Which visitor received which human-input form. Dify's form endpoints take no `user` and check no owner,
 * so the proxy answers a form only for the visitor whose stream carried its token.
 */
export interface FormTokens {
  bind(token: string, owner: string, expiresAtMs: number): void;
  ownerOf(token: string): string | undefined;
}

/** Whose a form is: the app and the visitor, since one session token works for every app on the proxy. */
export const formOwner = (appId: string, user: string) => `${appId}:${user}`;

/** In memory, oldest first out beyond `capacity`, each token dropped once its form has expired. */
export function createFormTokens(capacity = 50_000, now: () => number = Date.now): FormTokens {
  const tokens = new Map<string, { owner: string; expiresAtMs: number }>();
  return {
    bind(token, owner, expiresAtMs) {
      tokens.delete(token);
      tokens.set(token, { owner, expiresAtMs: Math.min(expiresAtMs, now() + longestFormLifeMs) });
      for (const oldest of tokens.keys()) {
        if (tokens.size <= capacity) break;
        tokens.delete(oldest);
      }
    },
    ownerOf(token) {
      const bound = tokens.get(token);
      if (bound === undefined || bound.expiresAtMs < now()) return undefined;
      return bound.owner;
    },
  };
}

/** The forms a frame hands to its visitor: `human_input_required.data` and each of `workflow_paused.data.reasons[]`. */
export function formsIn(frame: Readonly<Record<string, unknown>>): { token: string; expiresAtMs: number }[] {
  const data = frame['data'];
  if (!isRecord(data)) return [];
  const forms = frame['event'] === 'human_input_required' ? [data] : frame['event'] === 'workflow_paused' ? data['reasons'] : [];
  if (!Array.isArray(forms)) return [];
  return forms.flatMap((form: unknown) => {
    if (!isRecord(form) || typeof form['form_token'] !== 'string' || form['form_token'] === '') return [];
    const expires = form['expiration_time'];
    return [{ token: form['form_token'], expiresAtMs: typeof expires === 'number' ? expires * 1000 : Number.POSITIVE_INFINITY }];
  });
}

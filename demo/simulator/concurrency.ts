/**
 * Dify's per-app concurrency cap, `RateLimit(app_id, max_active_requests)` (dify-api.md §1.5): active
 * request ids per app; at or over the cap a generate call fails before anything runs.
 */
import { invalidParam, type DifyHttpError } from './errors.ts';

/** The limiter raises `AppInvokeQuotaExceededError`, a ValueError, so it renders as 400 invalid_param (§1.3). */
function tooManyRequests(appId: string, max: number): DifyHttpError {
  return invalidParam(`Too many requests. Please try again later. The current maximum concurrent requests allowed for ${appId} is ${max}.`);
}

/** The smaller positive of the app's own cap and the global one; 0 means unlimited. */
export function effectiveCap(appCap: number | undefined, globalCap: number): number {
  const caps = [appCap ?? 0, globalCap].filter((cap) => cap > 0);
  return caps.length === 0 ? 0 : Math.min(...caps);
}

export class ActiveRequests {
  private readonly active = new Map<string, number>();

  /** Takes a slot or throws Dify's 400; the returned release is safe to call more than once. */
  enter(appKey: string, appId: string, cap: number): () => void {
    const count = this.active.get(appKey) ?? 0;
    if (cap > 0 && count >= cap) throw tooManyRequests(appId, cap);
    this.active.set(appKey, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active.set(appKey, (this.active.get(appKey) ?? 1) - 1);
    };
  }

  /**
   * A streaming chatflow or workflow call takes the slot a second time while its run is queued
   * (`rate_limit_context`), so it passes only while fewer than cap − 1 others are active; both slots are
   * freed once the run is queued, so it does not count while it streams (§1.5, inferred there).
   */
  enterForWorker(appKey: string, appId: string, cap: number): () => void {
    const first = this.enter(appKey, appId, cap);
    try {
      const second = this.enter(appKey, appId, cap);
      return () => {
        second();
        first();
      };
    } catch (error) {
      first();
      throw error;
    }
  }
}

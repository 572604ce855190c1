import type { Response } from 'express';
import type { AppConfig } from '../config.ts';
import { ProxyError } from '../errors.ts';
import { visitorOf } from '../http/context.ts';
import { budgetDay, type BudgetClaim, type DailyBudgets, type Reservation } from '../state/budgets.ts';

/** A budget claim and what its allowance is for, as the visitor reads it in the refusal. */
interface NamedClaim extends BudgetClaim {
  readonly allowance: string;
}

/** The key under which every app's tokens are counted together. */
const allAppsKey = 'all-apps';

/** The token budgets of a generation: the visitor's and the app's, and every app's together (0: no limit). */
export function tokenClaims(app: AppConfig, tokensPerDayAllApps: number, res: Response): NamedClaim[] {
  return [
    { key: `${app.id}:visitor:${visitorOf(res).user}`, limit: app.limits.tokensPerVisitorPerDay, allowance: 'your answers' },
    { key: `${app.id}:app`, limit: app.limits.tokensPerDay, allowance: 'this chat’s answers' },
    { key: allAppsKey, limit: tokensPerDayAllApps, allowance: 'answers on this site' },
  ];
}

/** What the paid side endpoints use up, per visitor and day: characters read aloud, seconds transcribed, bytes uploaded. */
export type SideBudget = 'speech' | 'transcription' | 'upload';

export function sideClaim(app: AppConfig, res: Response, budget: SideBudget): NamedClaim {
  const key = `${app.id}:${budget}:${visitorOf(res).user}`;
  const { limits } = app;
  if (budget === 'speech') return { key, limit: limits.speechCharsPerVisitorPerDay, allowance: 'answers read aloud' };
  if (budget === 'transcription') return { key, limit: limits.transcriptionSecondsPerVisitorPerDay, allowance: 'voice input' };
  return { key, limit: limits.uploadBytesPerVisitorPerDay, allowance: 'uploads' };
}

const nothingReserved: Reservation = { settle: () => Promise.resolve() };

/**
 * Reserves `amount` against every claim that has a limit, or refuses with 429 `budget_exceeded`, when it
 * resets and `Retry-After`, once one is used up. Nothing is reserved (and Redis not asked) without limits.
 */
export async function reserveOrRefuse(budgets: DailyBudgets, claims: readonly NamedClaim[], amount: number): Promise<Reservation> {
  const limited = claims.filter((claim) => claim.limit > 0);
  if (limited.length === 0) return nothingReserved;
  const taken = await budgets.reserve(limited, amount);
  if (!('full' in taken)) return taken;
  const { allowance } = limited[taken.full] ?? limited[0] ?? { allowance: 'this' };
  const { resetsAtMs } = budgetDay();
  const seconds = Math.max(1, Math.ceil((resetsAtMs - Date.now()) / 1000));
  throw new ProxyError(
    429,
    'budget_exceeded',
    `Today’s allowance for ${allowance} is used up; it starts again at ${new Date(resetsAtMs).toISOString()}.`,
    { 'Retry-After': String(seconds) },
  );
}

import type { Response } from 'express';
import type { AppConfig } from '../config.ts';
import { ProxyError } from '../errors.ts';
import { visitorOf } from '../http/context.ts';
import { budgetDay, type TokenBudgets } from '../state/budgets.ts';

/** The budget keys of a generation: the visitor's and the app's, each with its daily limit (0: no limit). */
function budgetsOf(app: AppConfig, res: Response) {
  return [
    { key: `${app.id}:visitor:${visitorOf(res).user}`, limit: app.limits.tokensPerVisitorPerDay, whose: 'your' },
    { key: `${app.id}:app`, limit: app.limits.tokensPerDay, whose: 'this chat’s' },
  ].filter((budget) => budget.limit > 0);
}

/** Refuses a generation once the visitor's or the app's tokens for today are spent (429 budget_exceeded). */
export async function refuseOverBudget(budgets: TokenBudgets, app: AppConfig, res: Response): Promise<void> {
  for (const budget of budgetsOf(app, res)) {
    if ((await budgets.spentToday(budget.key)) < budget.limit) continue;
    const { resetsAtMs } = budgetDay();
    const seconds = Math.max(1, Math.ceil((resetsAtMs - Date.now()) / 1000));
    throw new ProxyError(
      429,
      'budget_exceeded',
      `Today’s allowance for ${budget.whose} answers is used up; it starts again at ${new Date(resetsAtMs).toISOString()}.`,
      { 'Retry-After': String(seconds) },
    );
  }
}

/** Counts what a finished generation spent against the visitor's and the app's budgets. */
export async function chargeBudgets(budgets: TokenBudgets, app: AppConfig, res: Response, tokens: number | undefined): Promise<void> {
  if (tokens === undefined || tokens <= 0) return;
  await Promise.all(budgetsOf(app, res).map((budget) => budgets.add(budget.key, tokens)));
}

import type { Request, Response } from 'express';
import type { AppConfig, Timeouts } from '../config.ts';
import { visitorOf } from '../http/context.ts';
import type { Receipts } from '../http/receipts.ts';
import type { DailyBudgets } from '../state/budgets.ts';
import type { GenerationRun } from '../http/generation.ts';
import type { CounterStores, StreamSlots } from '../middleware/limits.ts';
import type { DifyClient } from '../upstream/dify.ts';
import type { BodySchemas } from './bodies.ts';
import type { InputRule } from './input-rules.ts';
import type { Endpoint } from './table.ts';
import { buildUpstreamRequest, type UpstreamCall } from './upstream-request.ts';

/** What the handlers of one app share. */
export interface HandlerContext {
  readonly app: AppConfig;
  readonly client: DifyClient;
  readonly schemas: BodySchemas;
  readonly timeouts: Timeouts;
  readonly slots: StreamSlots;
  /** Where the request limits count (Redis with several instances). */
  readonly counters: CounterStores;
  /** Generations in progress, so a shutdown can end them. */
  readonly runs: Set<GenerationRun>;
  /** Keeps background work (stop calls) visible to a shutdown that waits for it. */
  readonly track: (work: Promise<unknown>) => void;
  /** The app's input form, to refuse what Dify's worker would refuse in silence. */
  readonly inputRules: () => Promise<InputRule[] | undefined>;
  /** Which visitor received which form, task and message. */
  readonly receipts: Receipts;
  readonly budgets: DailyBudgets;
  /** TOKENS_PER_DAY_ALL_APPS: the daily budget of every app together (0: none). */
  readonly tokensPerDayAllApps: number;
}

/** The upstream request for what this visitor sent to this endpoint. */
export function upstreamCall(
  endpoint: Endpoint,
  req: Request,
  res: Response,
  context: HandlerContext,
  settable?: ReadonlySet<string>,
): UpstreamCall {
  const incoming = { params: req.params, query: req.query, body: req.body, visitor: visitorOf(res) };
  return buildUpstreamRequest(endpoint, settable === undefined ? incoming : { ...incoming, settable }, context);
}

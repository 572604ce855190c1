import type { AppMode } from '../../shared/dify-wire.ts';
import { isRecord, ProxyError } from '../errors.ts';
import { inputProblem, type InputRule } from './input-rules.ts';
import { workerModes, type Endpoint } from './table.ts';

/**
 * Requests to these modes that Dify's worker would refuse in silence the proxy checks itself first, as
 * Dify's blocking mode would, and their streams get a shorter wait for their first frame.
 */
export const runsInWorker: ReadonlySet<AppMode> = new Set(workerModes);

/** Refuses what Dify's worker would refuse, with Dify's blocking-mode error (400 invalid_param, Dify's words). */
export function refuseWhatTheWorkerWould(
  endpoint: Endpoint,
  json: Readonly<Record<string, unknown>> | undefined,
  rules: readonly InputRule[] | undefined,
): void {
  if (json === undefined) return;
  if (endpoint.name === 'chat-messages' && json['query'] === '') throw new ProxyError(400, 'invalid_param', 'query is required');
  if (rules === undefined) return;
  const inputs = json['inputs'];
  const problem = inputProblem(rules, isRecord(inputs) ? inputs : {});
  if (problem !== undefined) throw new ProxyError(400, 'invalid_param', problem);
}

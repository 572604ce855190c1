/** Helpers of the human-input tests: a run paused on `scenario: approval`, and following a run. */
import type { Simulator } from '../../demo/simulator/index.ts';
import { asArray, asRecord, chatBody, keys, request, text } from './support.ts';

export function dataOf(body: string): Record<string, unknown>[] {
  return body
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => asRecord(JSON.parse(frame.slice('data: '.length))));
}

/** Runs `scenario: approval` to its pause and returns the frames, the run and the form's token. */
export async function pause(simulator: Simulator, key: string = keys.chatflow, user = 'alice') {
  const json =
    key === keys.workflow
      ? { inputs: { query: 'scenario: approval' }, user, response_mode: 'streaming' }
      : chatBody('scenario: approval', { user });
  const response = await request(simulator, key, 'POST', key === keys.workflow ? '/workflows/run' : '/chat-messages', { json });
  const events = dataOf(await response.text());
  const paused = asRecord(events.at(-1));
  const reason = asRecord(asArray(asRecord(paused['data'])['reasons'])[0]);
  return { events, runId: text(paused, 'workflow_run_id'), token: text(reason, 'form_token'), first: asRecord(events[0]) };
}

export function follow(
  simulator: Simulator,
  runId: string,
  query: Record<string, string> = {},
  key: string = keys.chatflow,
): Promise<Response> {
  return request(simulator, key, 'GET', `/workflow/${runId}/events`, { query: { user: 'alice', ...query } });
}

import type { AppMode, StreamEventName } from '../../shared/dify-wire.ts';
import { difyErrorFields } from '../../shared/json.ts';
import { isRecord, ProxyError } from '../errors.ts';

/** What a blocking call answers: Dify's blocking JSON body, or the HTTP error Dify's blocking mode raises. */
export type BlockingResult = { readonly body: Record<string, unknown> } | { readonly error: ProxyError };

const workflowDataKeys = [
  'id',
  'workflow_id',
  'status',
  'outputs',
  'error',
  'elapsed_time',
  'total_tokens',
  'total_steps',
  'created_at',
  'finished_at',
];

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in source).map((key) => [key, source[key]]));
}

/** Dify's blocking error for an `error` frame: the frame's status and code (chatflow's worker frames have no code). */
function frameError(frame: Record<string, unknown>): ProxyError {
  const { status = 500, code = 'internal_server_error', message = 'Dify reported an error.' } = difyErrorFields(frame);
  return new ProxyError(status, code, message);
}

const textEvents: ReadonlySet<unknown> = new Set<StreamEventName>(['message', 'agent_message', 'message_file']);

/**
 * Builds the answer Dify's blocking mode would have given from the frames of the same call made as a
 * stream (dify-api.md §4.2, §11.1). The proxy always streams upstream so that a visitor who leaves can
 * be stopped; blocking clients still get the shape they asked for.
 */
export function createBlockingAnswer(mode: AppMode) {
  let answer = '';
  let envelope: Record<string, unknown> = {};
  let metadata: unknown = {};
  let failure: ProxyError | undefined;
  let finished: Record<string, unknown> | undefined;
  let paused: Record<string, unknown> | undefined;

  function add(frame: Record<string, unknown>): void {
    const event: unknown = frame['event'];
    if (Object.keys(envelope).length === 0 && typeof frame['task_id'] === 'string')
      envelope = pick(frame, ['task_id', 'message_id', 'conversation_id', 'created_at', 'workflow_run_id']);
    const delta = text(frame['answer']);
    if (textEvents.has(event) && delta !== undefined) answer += delta;
    else if (event === 'message_replace' && delta !== undefined) answer = delta;
    else if (event === 'message_end') metadata = frame['metadata'] ?? {};
    else if (event === 'error') failure ??= frameError(frame);
    else if (event === 'workflow_finished' && isRecord(frame['data'])) finished = frame['data'];
    else if (event === 'workflow_paused' && isRecord(frame['data'])) paused = frame['data'];
  }

  function workflowResult(): BlockingResult {
    const data = finished ?? paused;
    if (data === undefined)
      return { error: new ProxyError(502, 'upstream_stream_incomplete', 'Dify ended the run without its result. Please try again.') };
    const picked = finished === undefined ? { ...data, status: 'paused', finished_at: null } : pick(data, workflowDataKeys);
    return { body: { task_id: envelope['task_id'], workflow_run_id: envelope['workflow_run_id'] ?? data['id'], data: picked } };
  }

  function messageResult(): BlockingResult {
    if (mode === 'advanced-chat' && finished !== undefined && finished['status'] === 'failed') {
      return { error: new ProxyError(400, 'invalid_param', `Run failed: ${text(finished['error']) ?? 'unknown error'}`) };
    }
    const messageId = envelope['message_id'];
    const body: Record<string, unknown> = {
      event: paused === undefined ? 'message' : 'workflow_paused',
      task_id: envelope['task_id'],
      id: messageId,
      message_id: messageId,
    };
    if (mode !== 'completion') body['conversation_id'] = envelope['conversation_id'];
    Object.assign(body, { mode, answer, metadata, created_at: envelope['created_at'] });
    if (paused !== undefined) Object.assign(body, { workflow_run_id: envelope['workflow_run_id'], data: paused });
    return { body };
  }

  return {
    add,
    result(): BlockingResult {
      if (failure !== undefined) return { error: failure };
      return mode === 'workflow' ? workflowResult() : messageResult();
    },
  };
}

import type { EndpointName } from '../../shared/dify-wire.ts';
import { appModes, modeFamilies, type AppMode } from '../config.ts';
import type { ReceiptKind } from '../http/receipts.ts';

/** How the proxy treats an endpoint: a generation (or following a resumed run) is capped per visitor and stopped when the visitor leaves. */
type EndpointKind = 'generate' | 'follow' | 'stop' | 'plain';

/** An id the visitor must have received in one of their own streams (see http/receipts.ts), in a path segment or a body field. */
type Receipt = { readonly kind: ReceiptKind; readonly param: string } | { readonly kind: ReceiptKind; readonly field: string };

/** Which request-body schema applies (see bodies.ts); `multipart` bodies are re-encoded, `none` sends no body. */
export type BodyKind =
  'chat' | 'completion' | 'workflow-run' | 'user-only' | 'feedback' | 'rename' | 'text-to-audio' | 'form-answer' | 'multipart' | 'none';

/** One forwarded Dify endpoint: method, Express path under `/v1`, the app modes it is open for and what it accepts. */
export interface Endpoint {
  readonly name: EndpointName;
  readonly method: 'get' | 'post' | 'delete';
  /** The Express route path below `/v1`; `:name` segments are ids, checked by the `pathIds` guard. */
  readonly path: string;
  readonly modes: readonly AppMode[];
  readonly body: BodyKind;
  /** Query keys forwarded (besides `user`, which the proxy always sets). */
  readonly query: readonly string[];
  readonly kind: EndpointKind;
  /** What this call acts on that Dify does not check the owner of. */
  readonly receipt?: Receipt;
  /** Each call makes Dify spend (a model call, a stored file): counted against the visitor's paid-call limit. */
  readonly paid?: true;
  /** For generations: the path of the stop endpoint that reaches their task. */
  readonly stopPath?: (taskId: string, mode: AppMode) => string[];
}

const chatModes = appModes.filter((mode) => modeFamilies[mode] === 'chat');
const messageModes = appModes.filter((mode) => modeFamilies[mode] !== 'workflow');
const everyMode = appModes;

/**
 * Modes whose streaming runs Dify hands to a worker after answering 200, and whose runs can pause for a
 * human: a request the worker refuses gets a ping and silence for 300 s, or on newer Dify a bare error
 * frame and silence (dify-api.md §4.3, §11.2).
 */
export const workerModes: readonly AppMode[] = ['advanced-chat', 'workflow'];

const plain = { body: 'none', query: [], kind: 'plain' } as const;

/** The allowlist. Anything not here is 404 (or 405 for a known path) and never goes upstream. */
export const endpoints: readonly Endpoint[] = [
  {
    name: 'chat-messages',
    method: 'post',
    path: '/chat-messages',
    modes: chatModes,
    body: 'chat',
    query: [],
    kind: 'generate',
    stopPath: (taskId) => ['chat-messages', taskId, 'stop'],
  },
  {
    name: 'chat-stop',
    method: 'post',
    path: '/chat-messages/:taskId/stop',
    modes: chatModes,
    body: 'user-only',
    query: [],
    kind: 'stop',
    receipt: { kind: 'task', param: 'taskId' },
  },
  {
    name: 'completion-messages',
    method: 'post',
    path: '/completion-messages',
    modes: ['completion'],
    body: 'completion',
    query: [],
    kind: 'generate',
    stopPath: (taskId) => ['completion-messages', taskId, 'stop'],
  },
  {
    name: 'completion-stop',
    method: 'post',
    path: '/completion-messages/:taskId/stop',
    modes: ['completion'],
    body: 'user-only',
    query: [],
    kind: 'stop',
    receipt: { kind: 'task', param: 'taskId' },
  },
  {
    name: 'workflows-run',
    method: 'post',
    path: '/workflows/run',
    modes: ['workflow'],
    body: 'workflow-run',
    query: [],
    kind: 'generate',
    stopPath: (taskId) => ['workflows', 'tasks', taskId, 'stop'],
  },
  {
    name: 'workflow-stop',
    method: 'post',
    path: '/workflows/tasks/:taskId/stop',
    modes: ['workflow'],
    body: 'user-only',
    query: [],
    kind: 'stop',
    receipt: { kind: 'task', param: 'taskId' },
  },
  { name: 'messages', method: 'get', path: '/messages', modes: chatModes, ...plain, query: ['conversation_id', 'first_id', 'limit'] },
  { name: 'feedbacks', method: 'post', path: '/messages/:messageId/feedbacks', modes: messageModes, ...plain, body: 'feedback' },
  { name: 'suggested', method: 'get', path: '/messages/:messageId/suggested', modes: chatModes, ...plain, paid: true },
  { name: 'conversations', method: 'get', path: '/conversations', modes: chatModes, ...plain, query: ['last_id', 'limit', 'sort_by'] },
  { name: 'conversation-delete', method: 'delete', path: '/conversations/:conversationId', modes: chatModes, ...plain, body: 'user-only' },
  {
    name: 'conversation-rename',
    method: 'post',
    path: '/conversations/:conversationId/name',
    modes: chatModes,
    ...plain,
    body: 'rename',
    paid: true,
  },
  { name: 'parameters', method: 'get', path: '/parameters', modes: everyMode, ...plain },
  { name: 'info', method: 'get', path: '/info', modes: everyMode, ...plain },
  { name: 'meta', method: 'get', path: '/meta', modes: everyMode, ...plain },
  { name: 'site', method: 'get', path: '/site', modes: everyMode, ...plain },
  { name: 'files-upload', method: 'post', path: '/files/upload', modes: everyMode, ...plain, body: 'multipart', paid: true },
  { name: 'audio-to-text', method: 'post', path: '/audio-to-text', modes: everyMode, ...plain, body: 'multipart', paid: true },
  {
    name: 'text-to-audio',
    method: 'post',
    path: '/text-to-audio',
    modes: everyMode,
    ...plain,
    body: 'text-to-audio',
    receipt: { kind: 'message', field: 'message_id' },
    paid: true,
  },
  {
    name: 'form-read',
    method: 'get',
    path: '/form/human_input/:formToken',
    modes: workerModes,
    ...plain,
    receipt: { kind: 'form', param: 'formToken' },
  },
  {
    name: 'form-submit',
    method: 'post',
    path: '/form/human_input/:formToken',
    modes: workerModes,
    ...plain,
    body: 'form-answer',
    receipt: { kind: 'form', param: 'formToken' },
  },
  {
    name: 'workflow-events',
    method: 'get',
    path: '/workflow/:workflowRunId/events',
    modes: workerModes,
    ...plain,
    // Not `continue_on_pause`: the proxy ends a followed run at its pause, as it ends every stream.
    query: ['include_state_snapshot'],
    kind: 'follow',
    stopPath: (taskId, mode) => (mode === 'workflow' ? ['workflows', 'tasks', taskId, 'stop'] : ['chat-messages', taskId, 'stop']),
  },
];

/** Ids in paths (task, message, conversation): letters, digits, `-` and `_` only, so no `.`, `/` or `%` trick survives. */
const pathId = /^[A-Za-z0-9_-]{1,128}$/;

/** True when every `:id` of the route is a plain id (Express hands them over decoded). */
export function hasPlainIds(params: Readonly<Record<string, string | string[] | undefined>>): boolean {
  return Object.values(params).every((value) => typeof value === 'string' && pathId.test(value));
}

/** The upstream path segments of an endpoint with its ids filled in. */
export function upstreamPath(endpoint: Endpoint, params: Readonly<Record<string, string | string[] | undefined>>): string[] {
  return endpoint.path
    .slice(1)
    .split('/')
    .map((segment) => {
      const id = segment.startsWith(':') ? params[segment.slice(1)] : segment;
      return typeof id === 'string' ? id : '';
    });
}

/** Each distinct path with the methods it answers, for the 405 routes that follow the real ones. */
export function methodsByPath(): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const endpoint of endpoints) byPath.set(endpoint.path, [...(byPath.get(endpoint.path) ?? []), endpoint.method.toUpperCase()]);
  return byPath;
}

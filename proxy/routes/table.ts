import { appModes, type AppMode } from '../config.ts';

/** How the proxy treats an endpoint: generation may stream and is capped per visitor. */
export type EndpointKind = 'generate' | 'stop' | 'plain';

/** Which request-body schema applies (see bodies.ts); `multipart` bodies are re-encoded, `none` sends no body. */
export type BodyKind =
  | 'chat'
  | 'completion'
  | 'workflow-run'
  | 'user-only'
  | 'feedback'
  | 'rename'
  | 'text-to-audio'
  | 'multipart'
  | 'none';

/** One forwarded Dify endpoint: method, path template, the app modes it is open for and what it accepts. */
export interface Endpoint {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path segments under `/v1`; `:name` segments are parameters. */
  readonly path: readonly string[];
  readonly modes: readonly AppMode[];
  readonly body: BodyKind;
  /** Query keys forwarded (besides `user`, which the proxy always sets). */
  readonly query: readonly string[];
  readonly kind: EndpointKind;
  /** For generation endpoints: the path of the matching stop endpoint. */
  readonly stopPath?: (taskId: string) => string[];
}

const chatModes: readonly AppMode[] = ['chat', 'agent-chat', 'advanced-chat'];
const messageModes: readonly AppMode[] = ['chat', 'agent-chat', 'advanced-chat', 'completion'];
const everyMode: readonly AppMode[] = appModes;

/** The allowlist. Anything not here is 404 and never goes upstream. */
export const endpoints: readonly Endpoint[] = [
  {
    name: 'chat-messages',
    method: 'POST',
    path: ['chat-messages'],
    modes: chatModes,
    body: 'chat',
    query: [],
    kind: 'generate',
    stopPath: (taskId) => ['chat-messages', taskId, 'stop'],
  },
  { name: 'chat-stop', method: 'POST', path: ['chat-messages', ':taskId', 'stop'], modes: chatModes, body: 'user-only', query: [], kind: 'stop' },
  {
    name: 'completion-messages',
    method: 'POST',
    path: ['completion-messages'],
    modes: ['completion'],
    body: 'completion',
    query: [],
    kind: 'generate',
    stopPath: (taskId) => ['completion-messages', taskId, 'stop'],
  },
  {
    name: 'completion-stop',
    method: 'POST',
    path: ['completion-messages', ':taskId', 'stop'],
    modes: ['completion'],
    body: 'user-only',
    query: [],
    kind: 'stop',
  },
  {
    name: 'workflows-run',
    method: 'POST',
    path: ['workflows', 'run'],
    modes: ['workflow'],
    body: 'workflow-run',
    query: [],
    kind: 'generate',
    stopPath: (taskId) => ['workflows', 'tasks', taskId, 'stop'],
  },
  {
    name: 'workflow-stop',
    method: 'POST',
    path: ['workflows', 'tasks', ':taskId', 'stop'],
    modes: ['workflow'],
    body: 'user-only',
    query: [],
    kind: 'stop',
  },
  { name: 'messages', method: 'GET', path: ['messages'], modes: chatModes, body: 'none', query: ['conversation_id', 'first_id', 'limit'], kind: 'plain' },
  { name: 'feedbacks', method: 'POST', path: ['messages', ':messageId', 'feedbacks'], modes: messageModes, body: 'feedback', query: [], kind: 'plain' },
  { name: 'suggested', method: 'GET', path: ['messages', ':messageId', 'suggested'], modes: chatModes, body: 'none', query: [], kind: 'plain' },
  { name: 'conversations', method: 'GET', path: ['conversations'], modes: chatModes, body: 'none', query: ['last_id', 'limit', 'sort_by'], kind: 'plain' },
  {
    name: 'conversation-delete',
    method: 'DELETE',
    path: ['conversations', ':conversationId'],
    modes: chatModes,
    body: 'user-only',
    query: [],
    kind: 'plain',
  },
  {
    name: 'conversation-rename',
    method: 'POST',
    path: ['conversations', ':conversationId', 'name'],
    modes: chatModes,
    body: 'rename',
    query: [],
    kind: 'plain',
  },
  { name: 'parameters', method: 'GET', path: ['parameters'], modes: everyMode, body: 'none', query: [], kind: 'plain' },
  { name: 'info', method: 'GET', path: ['info'], modes: everyMode, body: 'none', query: [], kind: 'plain' },
  { name: 'meta', method: 'GET', path: ['meta'], modes: everyMode, body: 'none', query: [], kind: 'plain' },
  { name: 'site', method: 'GET', path: ['site'], modes: everyMode, body: 'none', query: [], kind: 'plain' },
  { name: 'files-upload', method: 'POST', path: ['files', 'upload'], modes: everyMode, body: 'multipart', query: [], kind: 'plain' },
  { name: 'audio-to-text', method: 'POST', path: ['audio-to-text'], modes: everyMode, body: 'multipart', query: [], kind: 'plain' },
  { name: 'text-to-audio', method: 'POST', path: ['text-to-audio'], modes: everyMode, body: 'text-to-audio', query: [], kind: 'plain' },
];

/** Ids in paths (task, message, conversation): letters, digits, `-` and `_` only, so no `.`, `/` or `%` trick survives. */
const pathParameter = /^[A-Za-z0-9_-]{1,64}$/;

export type EndpointMatch =
  | { readonly found: true; readonly endpoint: Endpoint; readonly segments: readonly string[]; readonly params: Readonly<Record<string, string>> }
  | { readonly found: false; readonly status: 404 }
  | { readonly found: false; readonly status: 405; readonly allow: readonly string[] };

function matchTemplate(template: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < template.length; index += 1) {
    const expected = template[index] ?? '';
    const actual = segments[index] ?? '';
    if (expected.startsWith(':')) {
      if (!pathParameter.test(actual)) return undefined;
      params[expected.slice(1)] = actual;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

/**
 * Matches a raw (still percent-encoded) path below `/v1` against the allowlist. Segments are compared
 * exactly, so `..`, `%2e%2e`, `//` and trailing slashes match nothing.
 */
export function matchEndpoint(method: string, rawPath: string): EndpointMatch {
  if (!rawPath.startsWith('/')) return { found: false, status: 404 };
  const segments = rawPath.slice(1).split('/');
  const allow: string[] = [];
  for (const endpoint of endpoints) {
    const params = matchTemplate(endpoint.path, segments);
    if (params === undefined) continue;
    if (endpoint.method === method) return { found: true, endpoint, segments, params };
    allow.push(endpoint.method);
  }
  return allow.length > 0 ? { found: false, status: 405, allow } : { found: false, status: 404 };
}

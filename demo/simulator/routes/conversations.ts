/** GET /conversations, DELETE /conversations/:id, POST /conversations/:id/name, conversation variables. */
import { conversationTitle } from '../answers.ts';
import { notChatApp, notFound } from '../errors.ts';
import { sendJson, sendNoContent } from '../http.ts';
import { validationError } from '../pydantic.ts';
import { readLimit, readOptionalUuid } from '../query-args.ts';
import { chatModes, pathPattern, type Route } from '../route.ts';
import type { RequestContext } from '../runtime.ts';
import { conversationJson } from '../serializers.ts';
import type { ConversationSort } from '../store.ts';

const sorts: readonly ConversationSort[] = ['created_at', '-created_at', 'updated_at', '-updated_at'];

function isSort(value: string): value is ConversationSort {
  return sorts.some((sort) => sort === value);
}

function listConversations(context: RequestContext): void {
  const { query, runtime, endUser } = context;
  const model = 'ConversationListQuery';
  const lastId = readOptionalUuid(model, query, 'last_id');
  const limit = readLimit(model, query, 'limit', { min: 1, max: 100, fallback: 20 });
  const sortBy = query['sort_by'] ?? '-updated_at';
  if (!isSort(sortBy)) {
    throw validationError(model, {
      field: 'sort_by',
      detail: "Input should be 'created_at', '-created_at', 'updated_at' or '-updated_at'",
      kind: 'literal_error',
      input: sortBy,
    });
  }
  const page = runtime.store.listConversations(endUser, sortBy, lastId, limit);
  sendJson(context.response, 200, { limit, has_more: page.hasMore, data: page.data.map(conversationJson) });
}

function conversationIdOf(context: RequestContext): string {
  return (context.params['conversationId'] ?? '').toLowerCase();
}

function deleteConversation(context: RequestContext): void {
  const conversation = context.runtime.store.requireConversation(context.endUser, conversationIdOf(context));
  conversation.deleted = true;
  sendNoContent(context.response);
}

function renameConversation(context: RequestContext): void {
  const { body, runtime, endUser } = context;
  const name = body['name'] ?? null;
  const autoGenerate = body['auto_generate'] ?? false;
  if (name !== null && typeof name !== 'string') {
    throw validationError('ConversationRenamePayload', {
      field: 'name',
      detail: 'Input should be a valid string',
      kind: 'string_type',
      input: name,
    });
  }
  if (typeof autoGenerate !== 'boolean') {
    throw validationError('ConversationRenamePayload', {
      field: 'auto_generate',
      detail: 'Input should be a valid boolean',
      kind: 'bool_type',
      input: autoGenerate,
    });
  }
  if (!autoGenerate && (name === null || name.trim() === '')) {
    throw validationError('ConversationRenamePayload', {
      field: '',
      detail: 'Value error, name is required when auto_generate is false',
      kind: 'value_error',
      input: body,
    });
  }
  const conversation = runtime.store.requireConversation(endUser, conversationIdOf(context));
  if (autoGenerate) {
    const first = runtime.store.listMessages(conversation, undefined, 100).data[0];
    conversation.name = conversationTitle(first?.query ?? '');
  } else if (name !== null) {
    conversation.name = name;
  }
  runtime.store.touchConversation(conversation);
  sendJson(context.response, 200, conversationJson(conversation));
}

function listVariables(context: RequestContext): void {
  const { query, runtime, endUser } = context;
  const model = 'ConversationVariablesQuery';
  readOptionalUuid(model, query, 'last_id');
  const limit = readLimit(model, query, 'limit', { min: 1, max: 100, fallback: 20 });
  runtime.store.requireConversation(endUser, conversationIdOf(context));
  sendJson(context.response, 200, { limit, has_more: false, data: [] });
}

function updateVariable(context: RequestContext): void {
  context.runtime.store.requireConversation(context.endUser, conversationIdOf(context));
  throw notFound('Conversation Variable Not Exists.');
}

const chatOnly = { allowed: chatModes, error: notChatApp };
/** Conversation variables belong to chat modes with a model config or a graph, not to `agent` apps (§7.4). */
const withVariables = { allowed: chatModes.filter((mode) => mode !== 'agent'), error: notChatApp };

export const conversationRoutes: Route[] = [
  {
    method: 'GET',
    path: pathPattern('/conversations'),
    user: { from: 'query', required: false },
    modes: chatOnly,
    handle: listConversations,
  },
  {
    method: 'DELETE',
    path: pathPattern('/conversations/:conversationId(uuid)'),
    user: { from: 'json', required: false },
    modes: chatOnly,
    handle: deleteConversation,
  },
  {
    method: 'POST',
    path: pathPattern('/conversations/:conversationId(uuid)/name'),
    user: { from: 'json', required: false },
    modes: chatOnly,
    handle: renameConversation,
  },
  {
    method: 'GET',
    path: pathPattern('/conversations/:conversationId(uuid)/variables'),
    user: { from: 'query', required: false },
    modes: withVariables,
    handle: listVariables,
  },
  {
    method: 'PUT',
    path: pathPattern('/conversations/:conversationId(uuid)/variables/:variableId(uuid)'),
    user: { from: 'json', required: false },
    modes: withVariables,
    handle: updateVariable,
  },
];

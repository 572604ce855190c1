/** GET /messages, POST /messages/:id/feedbacks, GET /messages/:id/suggested, GET /app/feedbacks. */
import { randomUUID } from 'node:crypto';
import { followUpQuestions } from '../answers.ts';
import { badRequest, invalidParam, notChatApp } from '../errors.ts';
import { suggestsQuestions } from '../fixtures.ts';
import { sendJson } from '../http.ts';
import { missingField, validationError } from '../pydantic.ts';
import { readLimit, readOptionalUuid } from '../query-args.ts';
import { chatModes, pathPattern, type Route } from '../route.ts';
import type { RequestContext } from '../runtime.ts';
import { messageJson } from '../serializers.ts';

function listMessages(context: RequestContext): void {
  const { query, runtime, endUser } = context;
  const model = 'MessageListQuery';
  if (query['conversation_id'] === undefined) throw missingField(model, 'conversation_id', query);
  const conversationId = readOptionalUuid(model, query, 'conversation_id');
  const firstId = readOptionalUuid(model, query, 'first_id');
  const limit = readLimit(model, query, 'limit', { min: 1, max: 100, fallback: 20 });
  if (conversationId === undefined) {
    sendJson(context.response, 200, { limit, has_more: false, data: [] });
    return;
  }
  const conversation = runtime.store.requireConversation(endUser, conversationId);
  const page = runtime.store.listMessages(conversation, firstId, limit);
  const withSubmittedData = runtime.behaviour.formFilledSubmittedData;
  const data = page.data.map((message) => messageJson(message, withSubmittedData));
  sendJson(context.response, 200, { limit, has_more: page.hasMore, data });
}

function giveFeedback(context: RequestContext): void {
  const { body, runtime, endUser, params } = context;
  const model = 'MessageFeedbackPayload';
  const rating = body['rating'] ?? null;
  if (rating !== null && rating !== 'like' && rating !== 'dislike') {
    throw validationError(model, { field: 'rating', detail: "Input should be 'like' or 'dislike'", kind: 'literal_error', input: rating });
  }
  const content = body['content'] ?? null;
  if (content !== null && typeof content !== 'string') {
    throw validationError(model, { field: 'content', detail: 'Input should be a valid string', kind: 'string_type', input: content });
  }
  const message = runtime.store.requireMessage(endUser, (params['messageId'] ?? '').toLowerCase());
  const now = new Date().toISOString();
  if (rating === null) {
    if (message.feedback === null) throw invalidParam('rating cannot be None when feedback not exists');
    message.feedback = null;
  } else if (message.feedback === null) {
    message.feedback = { id: randomUUID(), rating, content, createdAt: now, updatedAt: now };
  } else {
    message.feedback = { ...message.feedback, rating, content, updatedAt: now };
  }
  sendJson(context.response, 200, { result: 'success' });
}

function suggestedQuestions(context: RequestContext): void {
  const { runtime, endUser, params, app } = context;
  const message = runtime.store.requireMessage(endUser, (params['messageId'] ?? '').toLowerCase());
  if (!suggestsQuestions(app)) throw badRequest('Suggested Questions Is Disabled.');
  sendJson(context.response, 200, { result: 'success', data: followUpQuestions(message.query) });
}

function appFeedbacks(context: RequestContext): void {
  const { runtime, app, query } = context;
  const model = 'FeedbackListQuery';
  const page = readLimit(model, query, 'page', { min: 1, max: Number.MAX_SAFE_INTEGER, fallback: 1 });
  const limit = readLimit(model, query, 'limit', { min: 1, max: 101, fallback: 20 });
  const all = runtime.store.feedbacksOf(app.key);
  const data = all.slice((page - 1) * limit, page * limit).map(({ message, feedback }) => ({
    id: feedback.id,
    app_id: runtime.store.appIdOf(app.key),
    conversation_id: message.conversationId,
    message_id: message.id,
    rating: feedback.rating,
    content: feedback.content,
    from_source: 'user',
    from_end_user_id: message.endUserId,
    from_account_id: null,
    created_at: feedback.createdAt,
    updated_at: feedback.updatedAt,
  }));
  sendJson(context.response, 200, { data });
}

export const messageRoutes: Route[] = [
  {
    method: 'GET',
    path: pathPattern('/messages'),
    user: { from: 'query', required: false },
    modes: { allowed: chatModes, error: notChatApp },
    handle: listMessages,
  },
  {
    method: 'POST',
    path: pathPattern('/messages/:messageId(uuid)/feedbacks'),
    user: { from: 'json', required: true },
    handle: giveFeedback,
  },
  {
    method: 'GET',
    path: pathPattern('/messages/:messageId(uuid)/suggested'),
    user: { from: 'query', required: true },
    modes: { allowed: chatModes, error: notChatApp },
    handle: suggestedQuestions,
  },
  { method: 'GET', path: pathPattern('/app/feedbacks'), handle: appFeedbacks },
];

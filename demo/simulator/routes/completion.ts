/** POST /completion-messages for completion apps. */
import { randomUUID } from 'node:crypto';
import { completionText } from '../answers.ts';
import { appUnavailable, completionRequestError } from '../errors.ts';
import type { Outcome } from '../generation.ts';
import { epochSeconds } from '../http.ts';
import { formFor, validateInputs } from '../input-form.ts';
import { retrieverResources, storedResources } from '../metadata.ts';
import { readFiles, readQuery, readStreaming, requireInputs } from '../payload.ts';
import { pathPattern, type Route } from '../route.ts';
import { runTask } from '../run-task.ts';
import type { RequestContext } from '../runtime.ts';
import { planAnswer } from '../scenarios.ts';
import { answerMetadata, plainShape, type AnswerContext } from '../shapes-message.ts';
import { originOf } from './origin.ts';

const model = 'CompletionRequestPayload';

async function completionMessages(context: RequestContext): Promise<void> {
  const { body, app, endUser, runtime } = context;
  const rawInputs = requireInputs(model, body);
  const query = readQuery(model, body, false).replace(/\0/g, '');
  const streaming = readStreaming(model, body);
  const inputs = validateInputs(formFor(app), rawInputs);
  const messageFiles = readFiles(model, body, app, runtime.store, originOf(context.request));
  const topic = String(inputs['topic'] ?? '');
  const message = runtime.store.addMessage({
    appKey: app.key,
    endUserId: endUser.id,
    conversationId: null,
    parentMessageId: null,
    inputs,
    query,
    answer: '',
    messageFiles,
    feedback: null,
    retrieverResources: [],
    agentThoughts: [],
    status: 'normal',
    error: null,
    createdAt: epochSeconds(),
  });
  // The scenario comes from the query when there is one, else from the main input.
  const plan = planAnswer(query.trim() === '' ? topic : query, runtime.pacing, () =>
    completionText(topic, String(inputs['tone'] ?? 'casual')),
  );
  const answerContext: AnswerContext = {
    ids: { taskId: randomUUID(), messageId: message.id, conversationId: null, createdAt: message.createdAt },
    query: query === '' ? topic : query,
    withSources: plan.kind === 'complete' && plan.withSources,
    startedAtMs: Date.now(),
  };
  const persist = (outcome: Outcome): void => {
    message.answer = outcome.answer;
    if (outcome.ending === 'error') {
      message.status = 'error';
      message.error = outcome.errorMessage ?? null;
    }
    message.retrieverResources = storedResources(retrieverResources(answerContext.withSources), message.id, message.createdAt);
  };
  await runTask(runtime, {
    taskId: answerContext.ids.taskId,
    appKey: app.key,
    endUserId: endUser.id,
    family: 'completion',
    plan,
    shape: plainShape(answerContext),
    streaming,
    response: context.response,
    blockingResult: (outcome) => {
      if (outcome.ending === 'error') return completionRequestError(outcome.errorMessage ?? 'Completion request failed.');
      return {
        body: {
          event: 'message',
          task_id: answerContext.ids.taskId,
          id: message.id,
          message_id: message.id,
          mode: 'completion',
          answer: outcome.answer,
          metadata: answerMetadata(answerContext, outcome.answer),
          created_at: message.createdAt,
        },
      };
    },
    persist,
  });
}

export const completionRoutes: Route[] = [
  {
    method: 'POST',
    path: pathPattern('/completion-messages'),
    user: { from: 'json', required: true },
    modes: { allowed: ['completion'], error: appUnavailable },
    handle: completionMessages,
  },
];

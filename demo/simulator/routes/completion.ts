/** POST /completion-messages for completion apps (dify-api.md §4). */
import { randomUUID } from 'node:crypto';
import { completionText } from '../answers.ts';
import { assistantImage } from '../assistant-image.ts';
import { effectiveCap } from '../concurrency.ts';
import { appUnavailable, completionRequestError } from '../errors.ts';
import type { Outcome } from '../generation.ts';
import { epochSeconds } from '../http.ts';
import { formFor, validateInputs } from '../input-form.ts';
import { inputFileCheck } from '../input-files.ts';
import { retrieverResources, storedResources } from '../metadata.ts';
import { readFiles, readQuery, readStreaming, requireInputs } from '../payload.ts';
import { pathPattern, type Route } from '../route.ts';
import { runTask } from '../run-task.ts';
import type { RequestContext } from '../runtime.ts';
import { planAnswer } from '../scenarios.ts';
import { answerMetadata, plainScript, type AnswerContext } from '../shapes-message.ts';
import { speaksAnswers, withSpeech } from '../speech.ts';
import type { StoredMessage } from '../store.ts';
import { originOf } from './origin.ts';

const model = 'CompletionRequestPayload';

function recordMessage(context: RequestContext, inputs: StoredMessage['inputs'], query: string): StoredMessage {
  const { app, endUser, runtime, body } = context;
  return runtime.store.addMessage({
    appKey: app.key,
    endUserId: endUser.id,
    conversationId: null,
    parentMessageId: null,
    inputs,
    query,
    answer: '',
    messageFiles: readFiles(model, body, app, runtime.store, originOf(context.request)),
    feedback: null,
    retrieverResources: [],
    agentThoughts: [],
    status: 'normal',
    error: null,
    createdAt: epochSeconds(),
  });
}

async function completionMessages(context: RequestContext): Promise<void> {
  const { body, app, endUser, runtime } = context;
  const rawInputs = requireInputs(model, body);
  const query = readQuery(model, body, false).replace(/\0/g, '');
  const streaming = readStreaming(model, body);
  const release = runtime.active.enter(
    app.key,
    runtime.store.appIdOf(app.key),
    effectiveCap(app.maxActiveRequests, runtime.maxActiveRequests),
  );
  let message: StoredMessage;
  try {
    message = recordMessage(
      context,
      validateInputs(formFor(app), rawInputs, inputFileCheck(app, runtime.store, originOf(context.request))),
      query,
    );
  } catch (error) {
    release();
    throw error;
  }
  const { inputs } = message;
  const topic = String(inputs['topic'] ?? '');
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
  const image =
    plan.kind === 'complete' && plan.imageFirst
      ? assistantImage(runtime.store, { appKey: app.key, endUserId: endUser.id }, originOf(context.request))
      : undefined;
  if (image !== undefined) message.messageFiles = [...message.messageFiles, image.listed];
  await runTask(runtime, {
    taskId: answerContext.ids.taskId,
    appKey: app.key,
    endUserId: endUser.id,
    family: 'completion',
    script: speaksAnswers(app)
      ? withSpeech(plainScript(answerContext, plan, image?.frame), answerContext.ids)
      : plainScript(answerContext, plan, image?.frame),
    transport: streaming ? 'process' : 'blocking',
    response: context.response,
    release,
    blockingResult: (outcome) => blockingBody(answerContext, outcome),
    persist: (outcome) => persistAnswer(message, outcome, answerContext),
  });
}

function blockingBody(answer: AnswerContext, outcome: Outcome): { body: unknown } | ReturnType<typeof completionRequestError> {
  if (outcome.ending === 'error') return completionRequestError(outcome.errorMessage ?? 'Completion request failed.');
  const { ids } = answer;
  return {
    body: {
      event: 'message',
      task_id: ids.taskId,
      id: ids.messageId,
      message_id: ids.messageId,
      mode: 'completion',
      answer: outcome.answer,
      metadata: answerMetadata(answer, outcome.answer),
      created_at: ids.createdAt,
    },
  };
}

function persistAnswer(message: StoredMessage, outcome: Outcome, answer: AnswerContext): void {
  message.answer = outcome.answer;
  if (outcome.ending === 'error') {
    message.status = 'error';
    message.error = outcome.errorMessage ?? null;
  }
  message.retrieverResources = storedResources(retrieverResources(answer.withSources), message.id, message.createdAt);
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

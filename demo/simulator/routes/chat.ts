/** POST /chat-messages for chat, agent-chat and advanced-chat apps. */
import { randomUUID } from 'node:crypto';
import { conversationTitle } from '../answers.ts';
import { invalidParam, notChatApp } from '../errors.ts';
import { openingStatement } from '../fixtures.ts';
import type { Outcome, StreamShape } from '../generation.ts';
import { epochSeconds } from '../http.ts';
import { formFor, validateInputs } from '../input-form.ts';
import { retrieverResources, storedResources } from '../metadata.ts';
import { readAutoGenerateName, readConversationId, readFiles, readQuery, readStreaming, requireInputs } from '../payload.ts';
import { chatModes, pathPattern, type Route } from '../route.ts';
import { runTask } from '../run-task.ts';
import type { RequestContext } from '../runtime.ts';
import { planAnswer } from '../scenarios.ts';
import { AgentShape, answerMetadata, plainShape, type AnswerContext } from '../shapes-message.ts';
import { WorkflowShape } from '../shapes-workflow.ts';
import { completionRequestError } from '../errors.ts';
import { originOf } from './origin.ts';

const model = 'ChatRequestPayload';

async function chatMessages(context: RequestContext): Promise<void> {
  const { body, app, endUser, runtime } = context;
  const { store } = runtime;
  const rawInputs = requireInputs(model, body);
  const query = readQuery(model, body, true);
  const streaming = readStreaming(model, body);
  const conversationId = readConversationId(model, body);
  const autoGenerateName = readAutoGenerateName(model, body);
  if (app.mode === 'agent-chat' && !streaming) throw invalidParam('Agent Chat App does not support blocking mode');
  if (query === '') throw invalidParam('query is required');
  const existing = conversationId === undefined ? undefined : store.requireConversation(endUser, conversationId);
  const inputs = existing?.inputs ?? validateInputs(formFor(app), rawInputs);
  const messageFiles = readFiles(model, body, app, store, originOf(context.request));
  const conversation = existing ?? store.createConversation(endUser, inputs, openingStatement(app, inputs));
  const parent = store.lastMessageOf(conversation.id);
  const cleanQuery = query.replace(/\0/g, '');
  const message = store.addMessage({
    appKey: app.key,
    endUserId: endUser.id,
    conversationId: conversation.id,
    parentMessageId: parent?.id ?? null,
    inputs,
    query: cleanQuery,
    answer: '',
    messageFiles,
    feedback: null,
    retrieverResources: [],
    agentThoughts: [],
    status: 'normal',
    error: null,
    createdAt: epochSeconds(),
  });
  store.touchConversation(conversation);
  const plan = planAnswer(cleanQuery, runtime.pacing);
  const answerContext: AnswerContext = {
    ids: { taskId: randomUUID(), messageId: message.id, conversationId: conversation.id, createdAt: message.createdAt },
    query: cleanQuery,
    withSources: plan.kind === 'complete' && plan.withSources,
    startedAtMs: Date.now(),
  };
  const runId = randomUUID();
  let shape: StreamShape;
  let agent: AgentShape | undefined;
  let workflow: WorkflowShape | undefined;
  if (app.mode === 'agent-chat') {
    agent = new AgentShape(answerContext);
    shape = agent;
  } else if (app.mode === 'advanced-chat') {
    workflow = new WorkflowShape({
      taskId: answerContext.ids.taskId,
      runId,
      workflowId: store.workflowIdOf(app.key),
      inputs: {
        ...inputs,
        'sys.query': cleanQuery,
        'sys.files': [],
        'sys.conversation_id': conversation.id,
        'sys.user_id': endUser.sessionId,
        'sys.dialogue_count': parent === undefined ? 1 : 2,
        'sys.app_id': store.workflowIdOf(app.key),
        'sys.workflow_id': store.workflowIdOf(app.key),
        'sys.workflow_run_id': runId,
      },
      createdBy: { id: endUser.id, user: endUser.sessionId },
      startedAtMs: answerContext.startedAtMs,
      answer: answerContext,
    });
    shape = workflow;
  } else {
    shape = plainShape(answerContext);
  }
  const persist = (outcome: Outcome): void => {
    message.answer = outcome.answer;
    if (outcome.ending === 'error') {
      message.status = 'error';
      message.error = outcome.errorMessage ?? null;
    }
    if (agent !== undefined) message.agentThoughts = agent.thoughts;
    message.retrieverResources = storedResources(retrieverResources(answerContext.withSources), message.id, message.createdAt);
    if (workflow !== undefined) store.recordWorkflowRun(app.key, runId, inputs, workflow.summary());
    if (autoGenerateName && parent === undefined && conversation.name === 'New conversation') {
      conversation.name = conversationTitle(cleanQuery);
    }
    store.touchConversation(conversation);
  };
  if (workflow !== undefined) store.recordWorkflowRun(app.key, runId, inputs, workflow.summary());
  await runTask(runtime, {
    taskId: answerContext.ids.taskId,
    appKey: app.key,
    endUserId: endUser.id,
    family: 'chat',
    plan,
    shape,
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
          conversation_id: conversation.id,
          mode: app.mode,
          answer: outcome.answer,
          metadata: answerMetadata(answerContext, outcome.answer),
          created_at: message.createdAt,
        },
      };
    },
    persist,
  });
}

export const chatRoutes: Route[] = [
  {
    method: 'POST',
    path: pathPattern('/chat-messages'),
    user: { from: 'json', required: true },
    modes: { allowed: chatModes, error: notChatApp },
    handle: chatMessages,
  },
];

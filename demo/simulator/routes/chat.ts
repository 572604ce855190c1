/** POST /chat-messages for chat, agent-chat, agent and advanced-chat apps (dify-api.md §4). */
import { randomUUID } from 'node:crypto';
import { cannedAnswer, conversationTitle } from '../answers.ts';
import { assistantImage } from '../assistant-image.ts';
import { prepareTurn, recordTurn, type Turn } from '../chat-turn.ts';
import { effectiveCap } from '../concurrency.ts';
import { badRequest, completionRequestError, DifyHttpError, invalidParam, notChatApp } from '../errors.ts';
import { startFlowRun } from '../flow-run.ts';
import type { Outcome, Script } from '../generation.ts';
import { retrieverResources, storedResources } from '../metadata.ts';
import { readAutoGenerateName, readConversationId, readQuery, readStreaming, requireInputs } from '../payload.ts';
import { chatModes, pathPattern, type Route } from '../route.ts';
import { runTask } from '../run-task.ts';
import type { RequestContext } from '../runtime.ts';
import { planAnswer, type AnswerPlan } from '../scenarios.ts';
import { agentChatScript } from '../shapes-agent.ts';
import { agentRuntimeScript, answerMetadata, plainScript, type AnswerContext } from '../shapes-message.ts';
import { speaksAnswers, withSpeech } from '../speech.ts';
import type { Conversation, StoredMessage } from '../store.ts';
import { answerRejectedRun } from '../worker-relay.ts';
import { originOf } from './origin.ts';

const model = 'ChatRequestPayload';

/** Takes the app's concurrency slot(s): twice for a run queued to a worker (§1.5). */
function takeSlot(context: RequestContext, worker: boolean): () => void {
  const { runtime, app } = context;
  const cap = effectiveCap(app.maxActiveRequests, runtime.maxActiveRequests);
  const appId = runtime.store.appIdOf(app.key);
  return worker ? runtime.active.enterForWorker(app.key, appId, cap) : runtime.active.enter(app.key, appId, cap);
}

async function chatMessages(context: RequestContext): Promise<void> {
  const { body, app, runtime } = context;
  // Checked in the API process, before anything runs: the body schema, then the cap (§4.3 step 1).
  const rawInputs = requireInputs(model, body);
  const query = readQuery(model, body, true);
  const streaming = readStreaming(model, body, app.mode === 'agent');
  const conversationId = readConversationId(model, body);
  const autoGenerateName = readAutoGenerateName(model, body);
  if (app.mode === 'agent' && !streaming) throw badRequest('Agent App only supports streaming response mode.');
  const worker = app.mode === 'advanced-chat' && streaming;
  const release = takeSlot(context, worker);
  let turn: Turn;
  try {
    if (app.mode === 'agent-chat' && !streaming) throw invalidParam('Agent Chat App does not support blocking mode');
    turn = prepareTurn(context, { rawInputs, query, conversationId });
  } catch (error) {
    release();
    // A streaming chatflow meets these in the worker, after the 200 (§4.3 step 5).
    if (!worker || !(error instanceof DifyHttpError)) throw error;
    const relay = { pingIntervalMs: runtime.pacing.pingIntervalMs, idleCloseMs: runtime.workerIdleCloseMs };
    answerRejectedRun(context.response, relay, error.message, runtime.behaviour.workerPublishesErrors);
    return;
  }
  const { conversation, message } = recordTurn(context, turn);
  const isFirst = turn.existing === undefined;
  await answerTurn(context, { conversation, message, streaming, release, turn });
  if (autoGenerateName && isFirst && titledByModel(context)) conversation.name = conversationTitle(turn.query);
  runtime.store.touchConversation(conversation);
}

/** Apps with a model behind them title a new conversation after its first answer; a graph without one cannot. */
function titledByModel(context: RequestContext): boolean {
  const { app } = context;
  return app.mode !== 'advanced-chat' || app.flow === undefined || app.flow === 'llm';
}

interface TurnRun {
  conversation: Conversation;
  message: StoredMessage;
  streaming: boolean;
  release: () => void;
  turn: Turn;
}

/** `metadata.annotation_reply` when the query matched one of the app's saved replies (§4.2, §12). */
const savedReplyMatch = {
  id: '7f3c2a10-5b1e-4d8a-9c6f-2e4b8a1d0c93',
  account: { id: 'b2d4f6a8-0c1e-4a3b-8d5f-7e9a1c3b5d02', name: 'Demo Owner' },
};

function answerContextOf(context: RequestContext, run: TurnRun, plan: AnswerPlan): AnswerContext {
  const { app } = context;
  const noModel = app.mode === 'agent' || (app.mode === 'advanced-chat' && !titledByModel(context));
  return {
    ids: { taskId: randomUUID(), messageId: run.message.id, conversationId: run.conversation.id, createdAt: run.message.createdAt },
    query: run.turn.query,
    withSources: plan.kind === 'complete' && plan.withSources && !noModel && app.citations !== false,
    startedAtMs: Date.now(),
    zeroUsage: noModel || plan.kind === 'annotation',
    // Chatflows drop a matched annotation from the metadata (§4.2).
    ...(plan.kind === 'annotation' && app.mode !== 'advanced-chat' ? { annotation: savedReplyMatch } : {}),
  };
}

async function answerTurn(context: RequestContext, run: TurnRun): Promise<void> {
  const { app, runtime } = context;
  const { message, turn } = run;
  const player = app.mode === 'advanced-chat' ? 'flow' : 'model';
  const plan = planAnswer(turn.query, runtime.pacing, cannedAnswer, player);
  const answer = answerContextOf(context, run, plan);
  if (app.mode === 'advanced-chat') {
    const dialogueCount = runtime.store.messageCount(run.conversation.id);
    const chat = { answer, stored: message, dialogueCount };
    await startFlowRun({ context, inputs: turn.inputs, query: turn.query, plan, streaming: run.streaming, release: run.release, chat });
    return;
  }
  const { script, thoughts } = scriptFor(context, answer, plan, message);
  await runTask(runtime, {
    taskId: answer.ids.taskId,
    appKey: app.key,
    endUserId: context.endUser.id,
    family: 'chat',
    // In the API process; a chatflow's speech would follow its workflow_finished, which ends the relay (§4.3).
    script: speaksAnswers(app) ? withSpeech(script, answer.ids) : script,
    transport: run.streaming ? 'process' : 'blocking',
    response: context.response,
    release: run.release,
    blockingResult: (outcome) => blockingBody(context, answer, outcome),
    persist: (outcome) => persistAnswer(message, outcome, answer, thoughts),
  });
}

function scriptFor(
  context: RequestContext,
  answer: AnswerContext,
  plan: AnswerPlan,
  message: StoredMessage,
): { script: Script; thoughts: StoredMessage['agentThoughts'] } {
  const { app, runtime, endUser } = context;
  if (app.mode === 'agent-chat') {
    if (plan.kind !== 'complete' || !plan.imageFirst) return agentChatScript(answer, plan);
    // The agent's drawing tool makes the image, which reaches the client as a `message_file` frame (§4.4).
    const drawn = assistantImage(runtime.store, { appKey: app.key, endUserId: endUser.id }, originOf(context.request));
    message.messageFiles = [...message.messageFiles, drawn.listed];
    return agentChatScript(answer, plan, drawn.frame);
  }
  if (app.mode === 'agent') return { script: agentRuntimeScript(answer, plan), thoughts: [] };
  if (plan.kind !== 'complete' || !plan.imageFirst) return { script: plainScript(answer, plan), thoughts: [] };
  const image = assistantImage(runtime.store, { appKey: app.key, endUserId: endUser.id }, originOf(context.request));
  message.messageFiles = [...message.messageFiles, image.listed];
  return { script: plainScript(answer, plan, image.frame), thoughts: [] };
}

function blockingBody(context: RequestContext, answer: AnswerContext, outcome: Outcome): { body: unknown } | DifyHttpError {
  if (outcome.ending === 'error') return completionRequestError(outcome.errorMessage ?? 'Completion request failed.');
  const { ids } = answer;
  return {
    body: {
      event: 'message',
      task_id: ids.taskId,
      id: ids.messageId,
      message_id: ids.messageId,
      conversation_id: ids.conversationId,
      mode: context.app.mode,
      answer: outcome.answer,
      metadata: answerMetadata(answer, outcome.answer),
      created_at: ids.createdAt,
    },
  };
}

function persistAnswer(message: StoredMessage, outcome: Outcome, answer: AnswerContext, thoughts: StoredMessage['agentThoughts']): void {
  message.answer = outcome.answer;
  if (outcome.ending === 'error') {
    message.status = 'error';
    message.error = outcome.errorMessage ?? null;
  }
  message.agentThoughts = thoughts;
  message.retrieverResources = storedResources(retrieverResources(answer.withSources), message.id, message.createdAt);
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

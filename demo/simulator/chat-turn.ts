/**
 * The checks a chat generator makes before it runs, in its order (`query`, the conversation, `files`, then
 * `inputs`, dify-api.md §4.1), and the message it records. For a streaming chatflow they run in the worker,
 * after the HTTP 200 (§4.3); everywhere else they are HTTP errors.
 */
import { firstQueryName } from './answers.ts';
import { invalidParam } from './errors.ts';
import { openingStatement } from './fixtures.ts';
import { epochSeconds } from './http.ts';
import { formFor, validateInputs, type FormValues } from './input-form.ts';
import { inputFileCheck } from './input-files.ts';
import { readFiles } from './payload.ts';
import type { RequestContext } from './runtime.ts';
import type { Conversation, MessageFile, StoredMessage } from './store.ts';
import { originOf } from './routes/origin.ts';

/** Every message the Service API creates has this parent (`UUID_NIL`, §4.1). */
const noParent = '00000000-0000-0000-0000-000000000000';

export interface TurnRequest {
  rawInputs: Record<string, unknown>;
  query: string;
  conversationId: string | undefined;
}

export interface Turn {
  /** The conversation continued, if any (undefined: a new one starts). */
  existing: Conversation | undefined;
  inputs: FormValues;
  files: MessageFile[];
  query: string;
}

/**
 * Runs the generator's checks. An unknown or foreign conversation is a 404, except on advanced-chat apps
 * of main, which start a new conversation instead (§4.1).
 */
export function prepareTurn(context: RequestContext, request: TurnRequest): Turn {
  const { app, endUser, runtime, body } = context;
  if (request.query === '') throw invalidParam('query is required');
  const { conversationId } = request;
  let existing: Conversation | undefined;
  if (conversationId !== undefined) {
    const startsNew = app.mode === 'advanced-chat' && runtime.behaviour.unknownConversationStartsNew;
    existing = startsNew
      ? runtime.store.findConversation(endUser, conversationId)
      : runtime.store.requireConversation(endUser, conversationId);
  }
  // The `agent` runtime ignores files (§2).
  const files = app.mode === 'agent' ? [] : readFiles('ChatRequestPayload', body, app, runtime.store, originOf(context.request));
  // Validated on every message, follow-ups included, and used for this turn (§4.1, captures 14-16).
  const inputs = validateInputs(formFor(app), request.rawInputs, inputFileCheck(app, runtime.store, originOf(context.request)));
  return { existing, inputs, files, query: request.query.replace(/\0/g, '') };
}

/** Records the turn: a new conversation when none continues, then the message with this turn's inputs. */
export function recordTurn(context: RequestContext, turn: Turn): { conversation: Conversation; message: StoredMessage } {
  const { app, endUser, runtime } = context;
  const { store } = runtime;
  const conversation =
    turn.existing ?? store.createConversation(endUser, turn.inputs, openingStatement(app, turn.inputs), firstQueryName(turn.query));
  const message = store.addMessage({
    appKey: app.key,
    endUserId: endUser.id,
    conversationId: conversation.id,
    parentMessageId: noParent,
    inputs: turn.inputs,
    query: turn.query,
    answer: '',
    messageFiles: turn.files,
    feedback: null,
    retrieverResources: [],
    agentThoughts: [],
    status: 'normal',
    error: null,
    createdAt: epochSeconds(),
  });
  store.touchConversation(conversation);
  return { conversation, message };
}

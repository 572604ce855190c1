/**
 * In-memory Dify data: end users, conversations, messages, feedback, uploads and workflow runs. Everything a
 * caller can reach is scoped by (app key, end user), and a foreign id is indistinguishable from an unknown one.
 */
import { randomUUID } from 'node:crypto';
import { notFound } from './errors.ts';
import { epochSeconds } from './http.ts';
import type { FormValues } from './input-form.ts';
import type { Conversation, ConversationSort, EndUser, Feedback, Page, StoredMessage, UploadedFile } from './records.ts';

export type { Conversation, ConversationSort, EndUser, Feedback, MessageFile, Page, StoredMessage, UploadedFile } from './records.ts';

/** The end user used when an optional `user` is omitted. */
const defaultUser = 'DEFAULT-USER';

/** All simulator data; one instance per simulator. */
export class SimulatorStore {
  private sequence = 0;
  private readonly endUsers = new Map<string, EndUser>();
  private readonly conversations = new Map<string, Conversation>();
  private readonly messages = new Map<string, StoredMessage>();
  private readonly files = new Map<string, UploadedFile>();
  private readonly stableIds = new Map<string, string>();

  /** A strictly increasing number, used to order records created within the same second. */
  nextOrder(): number {
    this.sequence += 1;
    return this.sequence;
  }

  /** Dify's EndUserService.get_or_create_end_user: one end user per (app, user string). */
  endUser(appKey: string, sessionId: string | undefined): EndUser {
    const session = sessionId === undefined || sessionId === '' ? defaultUser : sessionId;
    const key = `${appKey}\u0000${session}`;
    const existing = this.endUsers.get(key);
    if (existing !== undefined) return existing;
    const created: EndUser = { id: randomUUID(), appKey, sessionId: session };
    this.endUsers.set(key, created);
    return created;
  }

  /** A new conversation; its inputs are the first message's, its name that message's query cut short (§7). */
  createConversation(owner: EndUser, inputs: FormValues, introduction: string, name: string): Conversation {
    const order = this.nextOrder();
    const now = epochSeconds();
    const conversation: Conversation = {
      id: randomUUID(),
      appKey: owner.appKey,
      endUserId: owner.id,
      name,
      inputs,
      introduction,
      status: 'normal',
      createdAt: now,
      updatedAt: now,
      createdOrder: order,
      updatedOrder: order,
      deleted: false,
    };
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }

  /** The caller's live conversation with this id, or a 404 exactly like an unknown id. */
  requireConversation(owner: EndUser, conversationId: string): Conversation {
    const conversation = this.findConversation(owner, conversationId);
    if (conversation === undefined) throw notFound('Conversation Not Exists.');
    return conversation;
  }

  /** The caller's live conversation with this id, if there is one. */
  findConversation(owner: EndUser, conversationId: string): Conversation | undefined {
    const conversation = this.conversations.get(conversationId);
    return conversation === undefined || conversation.deleted || !ownedBy(conversation, owner) ? undefined : conversation;
  }

  /** How many messages a conversation holds. */
  messageCount(conversationId: string): number {
    return this.messagesOf(conversationId).length;
  }

  touchConversation(conversation: Conversation): void {
    conversation.updatedAt = epochSeconds();
    conversation.updatedOrder = this.nextOrder();
  }

  /** GET /conversations: cursor paging by `last_id` in the requested order. */
  listConversations(owner: EndUser, sortBy: ConversationSort, lastId: string | undefined, limit: number): Page<Conversation> {
    const descending = sortBy.startsWith('-');
    const key = sortBy.endsWith('updated_at') ? 'updatedOrder' : 'createdOrder';
    const mine = [...this.conversations.values()]
      .filter((conversation) => !conversation.deleted && ownedBy(conversation, owner))
      .sort((left, right) => (descending ? right[key] - left[key] : left[key] - right[key]));
    let start = 0;
    if (lastId !== undefined) {
      const index = mine.findIndex((conversation) => conversation.id === lastId);
      if (index < 0) throw notFound('Last Conversation Not Exists.');
      start = index + 1;
    }
    const rest = mine.slice(start);
    return { data: rest.slice(0, limit), hasMore: rest.length > limit };
  }

  addMessage(message: Omit<StoredMessage, 'order' | 'id'> & { id?: string }): StoredMessage {
    const stored: StoredMessage = { ...message, id: message.id ?? randomUUID(), order: this.nextOrder() };
    this.messages.set(stored.id, stored);
    return stored;
  }

  /** The caller's message with this id, or 404 `Message Not Exists.`. */
  requireMessage(owner: EndUser, messageId: string): StoredMessage {
    const message = this.messages.get(messageId);
    if (message === undefined || !ownedBy(message, owner)) throw notFound('Message Not Exists.');
    return message;
  }

  /** A message of any app and owner: text-to-audio looks messages up by id only (§9.2). */
  messageById(messageId: string): StoredMessage | undefined {
    return this.messages.get(messageId);
  }

  /** GET /messages: the newest `limit` messages older than `first_id`, oldest first within the page. */
  listMessages(conversation: Conversation, firstId: string | undefined, limit: number): Page<StoredMessage> {
    let older = this.messagesOf(conversation.id);
    if (firstId !== undefined) {
      const index = older.findIndex((message) => message.id === firstId);
      if (index < 0) throw notFound('First Message Not Exists.');
      older = older.slice(0, index);
    }
    const newestFirst = older.reverse().slice(0, limit + 1);
    const hasMore = newestFirst.length > limit;
    return { data: newestFirst.slice(0, limit).reverse(), hasMore };
  }

  /** Every feedback given on this app's messages, newest first. */
  feedbacksOf(appKey: string): { message: StoredMessage; feedback: Feedback }[] {
    const found: { message: StoredMessage; feedback: Feedback }[] = [];
    for (const message of this.messages.values()) {
      if (message.appKey === appKey && message.feedback !== null) found.push({ message, feedback: message.feedback });
    }
    return found.sort((left, right) => right.feedback.updatedAt.localeCompare(left.feedback.updatedAt));
  }

  addFile(file: UploadedFile): void {
    this.files.set(file.id, file);
  }

  /** An uploaded file of this app (Dify: of this workspace), whoever uploaded it. */
  fileOfApp(appKey: string, fileId: string): UploadedFile | undefined {
    const file = this.files.get(fileId);
    return file !== undefined && file.appKey === appKey ? file : undefined;
  }

  /** Any uploaded file, for the signed preview URL (which carries no API key). */
  fileById(fileId: string): UploadedFile | undefined {
    return this.files.get(fileId);
  }

  /** The app keys whose messages carry this uploaded file. */
  appsAttaching(fileId: string): Set<string> {
    const apps = new Set<string>();
    for (const message of this.messages.values()) {
      if (message.messageFiles.some((file) => file.upload_file_id === fileId)) apps.add(message.appKey);
    }
    return apps;
  }

  /** The id of the app's published workflow (advanced-chat and workflow apps). */
  workflowIdOf(appKey: string): string {
    return this.stableId(`workflow:${appKey}`);
  }

  /** The app's own id (keys are secrets; ids are what responses show). */
  appIdOf(appKey: string): string {
    return this.stableId(`app:${appKey}`);
  }

  private stableId(name: string): string {
    let id = this.stableIds.get(name);
    if (id === undefined) {
      id = randomUUID();
      this.stableIds.set(name, id);
    }
    return id;
  }

  private messagesOf(conversationId: string): StoredMessage[] {
    return [...this.messages.values()]
      .filter((message) => message.conversationId === conversationId)
      .sort((left, right) => left.order - right.order);
  }
}

function ownedBy(record: { appKey: string; endUserId: string }, owner: EndUser): boolean {
  return record.appKey === owner.appKey && record.endUserId === owner.id;
}

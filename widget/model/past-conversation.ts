/**
 * A conversation reopened (after a reload, by Undo, from the drawer): its past messages a page at a time,
 * the inputs it was started with and the forms it still waits on. One lazily loaded chunk: a visitor's
 * first conversation never needs it.
 */
export { createChatHistory } from './chat-history.ts';
export { inputsOfConversation, restorePause } from './conversation-restore.ts';

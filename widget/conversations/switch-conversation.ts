import type { WidgetModel } from '../model/widget-model.ts';
import { saveConversation } from '../model/conversation-record.ts';

/**
 * Shows another of the visitor's conversations: the way a reload reopens the stored one, so the chat
 * needs nothing new for it. The current one is left (it stays in the list); the picked one becomes
 * the stored conversation, for the session user it is listed for, and the chat reopens it: its latest
 * messages, the inputs it was started with, the forms it waits on.
 */
export async function switchConversation(model: WidgetModel, id: string): Promise<void> {
  if (id === model.chat.conversationId.peek()) return;
  model.newConversation();
  const user = model.services.state.read().session?.user;
  if (!user) return;
  saveConversation(model.services.state, { id, user });
  await model.chat.restore();
}

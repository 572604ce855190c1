import { isRecord, readBoolean, readRecord, readString } from './guards.ts';
import type { Rating } from '../shared/contract.ts';

/** One past exchange from `GET /messages`. */
export interface HistoryItem {
  messageId: string;
  conversationId?: string;
  query: string;
  answer: string;
  failed: boolean;
  errorText?: string;
  rating: Rating | null;
}

export interface HistoryPage {
  items: HistoryItem[];
  hasMore: boolean;
}

function readRating(record: Record<string, unknown>): Rating | null {
  const rating = readString(readRecord(record, 'feedback') ?? {}, 'rating');
  return rating === 'like' || rating === 'dislike' ? rating : null;
}

/** Narrows a `/messages` page (oldest first within the page); items without an id are dropped. */
export function readHistoryPage(body: unknown): HistoryPage {
  if (!isRecord(body)) return { items: [], hasMore: false };
  const data = Array.isArray(body.data) ? body.data : [];
  const items: HistoryItem[] = [];
  for (const entry of data) {
    if (!isRecord(entry)) continue;
    const messageId = readString(entry, 'id');
    if (!messageId) continue;
    const item: HistoryItem = {
      messageId,
      query: readString(entry, 'query') ?? '',
      answer: readString(entry, 'answer') ?? '',
      failed: readString(entry, 'status') === 'error',
      rating: readRating(entry),
    };
    const conversationId = readString(entry, 'conversation_id');
    if (conversationId) item.conversationId = conversationId;
    const errorText = readString(entry, 'error');
    if (errorText) item.errorText = errorText;
    items.push(item);
  }
  return { items, hasMore: readBoolean(body, 'has_more') ?? false };
}

import { isRecord, readBoolean, readRecord, readString, type JsonRecord } from './guards.ts';
import { readInputValues } from './inputs.ts';
import type { Rating } from '../shared/contract.ts';
import type { RunPause } from './answer.ts';

/** One past exchange from `GET /messages`. */
export interface HistoryItem {
  messageId: string;
  conversationId?: string;
  query: string;
  answer: string;
  failed: boolean;
  errorText?: string;
  rating: Rating | null;
  /** The inputs this turn was sent with (§6.1): a later message sends them again. */
  inputs?: Record<string, unknown>;
  /**
   * The message's citations, shaped as `message_end` metadata holds them, so the answer shows them alike;
   * its `agent_thoughts` and their tools' `message_files` too when it has any, for the steps view, and the
   * assistant's other files as `files`.
   */
  metadata?: JsonRecord;
  /** Set when the message is `paused`: its run waits on these forms (those still open, from `extra_contents`). */
  pause?: RunPause;
}

export interface HistoryPage {
  items: HistoryItem[];
  hasMore: boolean;
}

function readRating(record: Record<string, unknown>): Rating | null {
  const rating = readString(readRecord(record, 'feedback') ?? {}, 'rating');
  return rating === 'like' || rating === 'dislike' ? rating : null;
}

/** The still-open forms of a paused message: `extra_contents` records not yet submitted (§6.1). */
function readPause(entry: JsonRecord): RunPause {
  const forms: JsonRecord[] = [];
  let runId = '';
  for (const content of Array.isArray(entry.extra_contents) ? entry.extra_contents : []) {
    if (!isRecord(content) || readString(content, 'type') !== 'human_input' || readBoolean(content, 'submitted') === true) continue;
    const form = readRecord(content, 'form_definition');
    if (!form) continue;
    forms.push(form);
    runId ||= readString(content, 'workflow_run_id') ?? '';
  }
  return { runId, forms };
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
    const inputs = readInputValues(entry.inputs);
    if (inputs) item.inputs = inputs;
    if (readString(entry, 'status') === 'paused') item.pause = readPause(entry);
    const { retriever_resources, agent_thoughts, message_files } = entry;
    if (Array.isArray(retriever_resources)) item.metadata = { retriever_resources };
    // The assistant's files, raw, each shown in one place: one an agent thought lists in its `files` was made
    // by a tool, the steps view's (as the live `message_file` frames are); every other one is the answer's own
    // (a chatflow's answer, end and LLM node outputs), under `files` as `message_end` carries them live, for
    // AnswerFiles. A chatflow's nodes are not in `/messages` (§6.1; its `agent_thoughts` is empty in the
    // 1.13.3 recordings): they show only while it answers.
    const thoughts = Array.isArray(agent_thoughts) ? agent_thoughts.filter(isRecord) : [];
    const listed = new Set(thoughts.flatMap((thought) => (Array.isArray(thought.files) ? thought.files : [])));
    const made = (Array.isArray(message_files) ? message_files.filter(isRecord) : []).filter(
      (file) => readString(file, 'belongs_to') === 'assistant',
    );
    const tools = made.filter((file) => listed.has(file.id));
    const files = made.filter((file) => !listed.has(file.id));
    if (thoughts.length || tools.length) item.metadata = { ...item.metadata, agent_thoughts: thoughts, message_files: tools };
    if (files.length) item.metadata = { ...item.metadata, files };
    items.push(item);
  }
  return { items, hasMore: readBoolean(body, 'has_more') ?? false };
}

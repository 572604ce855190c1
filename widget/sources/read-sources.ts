import { isRecord, readNumber, readString } from '../core/guards.ts';

/** One citation of an answer: a segment of a knowledge-base document the app retrieved. */
export interface Source {
  key: string;
  document: string;
  dataset?: string;
  score?: number;
  /** The quoted segment. */
  content: string;
}

/**
 * Narrows `retriever_resources` (from `message_end` metadata or a `/messages` item, dify-api.md §4.2,
 * §6.1: every key optional) into citations in Dify's `position` order; entries without a document or
 * a segment to quote are dropped.
 */
export function readSources(resources: unknown): Source[] {
  if (!Array.isArray(resources)) return [];
  const ranked: { position: number; source: Source }[] = [];
  resources.forEach((entry: unknown, index) => {
    if (!isRecord(entry)) return;
    const document = readString(entry, 'document_name') || readString(entry, 'title');
    const content = readString(entry, 'content') ?? '';
    if (!document && !content) return;
    const source: Source = { key: readString(entry, 'segment_id') ?? String(index), document: document ?? '', content };
    const dataset = readString(entry, 'dataset_name');
    if (dataset) source.dataset = dataset;
    const score = readNumber(entry, 'score');
    if (score !== undefined) source.score = score;
    ranked.push({ position: readNumber(entry, 'position') ?? index + 1, source });
  });
  return ranked.sort((a, b) => a.position - b.position).map((entry) => entry.source);
}

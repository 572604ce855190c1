/** `message_end` metadata: token usage with Dify's string prices, and retriever resources. */
import { randomUUID } from 'node:crypto';

const promptUnitPrice = 0.001;
const completionUnitPrice = 0.002;
const priceUnit = 0.001;

function tokensIn(text: string): number {
  return Math.max(1, Math.ceil([...text].length / 4));
}

function price(value: number): string {
  return value.toFixed(7);
}

/**
 * LLM usage for a prompt and an answer; decimals are strings, as Dify serialises Decimal. The two timing
 * keys are fields of 1.13's `LLMUsage`, so they are always present (§4.2).
 */
export function usageFor(query: string, answer: string, latencySeconds: number): Record<string, unknown> {
  const promptTokens = tokensIn(query) + 24;
  const completionTokens = answer === '' ? 0 : tokensIn(answer);
  const promptPrice = promptTokens * promptUnitPrice * priceUnit;
  const completionPrice = completionTokens * completionUnitPrice * priceUnit;
  return {
    prompt_tokens: promptTokens,
    prompt_unit_price: String(promptUnitPrice),
    prompt_price_unit: String(priceUnit),
    prompt_price: price(promptPrice),
    completion_tokens: completionTokens,
    completion_unit_price: String(completionUnitPrice),
    completion_price_unit: String(priceUnit),
    completion_price: price(completionPrice),
    total_tokens: promptTokens + completionTokens,
    total_price: price(promptPrice + completionPrice),
    currency: 'USD',
    latency: Math.round(latencySeconds * 1000) / 1000,
    time_to_first_token: Math.round(latencySeconds * 200) / 1000,
    time_to_generate: Math.round(latencySeconds * 800) / 1000,
  };
}

/**
 * The usage of a run that called no model: zero tokens and prices `"0.0"`, zero latency, but the time to the
 * first answer chunk still measured (captures 01, 12; the `agent` mode's "zero usage", §2).
 */
export function zeroUsage(elapsedSeconds: number): Record<string, unknown> {
  const zero = '0.0';
  return {
    prompt_tokens: 0,
    prompt_unit_price: zero,
    prompt_price_unit: zero,
    prompt_price: zero,
    completion_tokens: 0,
    completion_unit_price: zero,
    completion_price_unit: zero,
    completion_price: zero,
    total_tokens: 0,
    total_price: zero,
    currency: 'USD',
    latency: 0,
    time_to_first_token: Math.round(elapsedSeconds * 1000) / 1000,
    time_to_generate: 0,
  };
}

/** `message_end.metadata` and the blocking body's, keys in Dify's order (§4.2). */
export function messageMetadata(
  usage: Record<string, unknown>,
  resources: Record<string, unknown>[],
  annotation: Record<string, unknown> | null = null,
): Record<string, unknown> {
  return { annotation_reply: annotation, retriever_resources: resources, usage };
}

const handbook = {
  dataset_id: '5b2a1c3e-8f0d-4c4e-9a51-2f6f0b7c1d10',
  dataset_name: 'Product handbook',
  document_id: '0d6c3f2a-1b7e-4f59-8c2d-7e9a4b1c5f21',
  document_name: 'getting-started.md',
};

/** The knowledge-base citations attached to canned answers (as in `message_end.metadata`). */
export function retrieverResources(withSources: boolean): Record<string, unknown>[] {
  if (!withSources) return [];
  return [
    {
      position: 1,
      ...handbook,
      data_source_type: 'upload_file',
      segment_id: '9c1e7a55-3d2b-4b8e-a0f4-6d5c2e1b9a32',
      retriever_from: 'api',
      score: 0.91,
      hit_count: 3,
      word_count: 86,
      segment_position: 2,
      index_node_hash: 'a3f5c9e2b7d14c6e8f0a2b4d6e8f1a3c5e7b9d0f2a4c6e8b1d3f5a7c9e0b2d4f',
      content: 'Start small: one app, one key, one page. Measure before you optimise.',
      page: null,
      doc_metadata: null,
      title: 'Getting started',
      files: null,
      summary: null,
    },
    {
      position: 2,
      ...handbook,
      data_source_type: 'upload_file',
      segment_id: '2e8b4d6f-0a1c-4e3b-9d5f-7a2c4e6b8d03',
      retriever_from: 'api',
      score: 0.78,
      hit_count: 1,
      word_count: 64,
      segment_position: 5,
      index_node_hash: 'b4e6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6',
      content: 'Keep changes easy to undo, and observable from the outside.',
      page: null,
      doc_metadata: null,
      title: 'Principles',
      files: null,
      summary: null,
    },
  ];
}

/**
 * The keys of a GET /messages resource, in Dify's order (§6.1): the stored citation has an id, the message id and
 * `created_at`, and lacks what only the live retrieval knew (`retriever_from`, `page`, `doc_metadata`, `title`, `files`).
 */
const storedKeys = [
  'position',
  'dataset_id',
  'dataset_name',
  'document_id',
  'document_name',
  'data_source_type',
  'segment_id',
  'score',
  'hit_count',
  'word_count',
  'segment_position',
  'index_node_hash',
  'content',
  'summary',
] as const;

/** The same resources as GET /messages lists them. */
export function storedResources(resources: Record<string, unknown>[], messageId: string, createdAt: number): Record<string, unknown>[] {
  return resources.map((resource) => ({
    id: randomUUID(),
    message_id: messageId,
    ...Object.fromEntries(storedKeys.map((key) => [key, resource[key] ?? null])),
    created_at: createdAt,
  }));
}

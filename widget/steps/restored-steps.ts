import type { DifyProgressEvent } from '../core/dify-events.ts';
import { isRecord, readNumber, readString, type JsonRecord } from '../core/guards.ts';

const records = (value: unknown): JsonRecord[] => (Array.isArray(value) ? value.filter(isRecord) : []);

/**
 * The progress an answer read back from `GET /messages` would have streamed (dify-api.md §6.1): its
 * `agent_thoughts` as `agent_thought` events in `position` order (each has the keys of the live frame:
 * `id`, `thought`, `tool`, `tool_input`, `observation`; its file ids are in `files`), then the files the
 * assistant made (`message_files` with `belongs_to: "assistant"`: the tools' images) as `message_file`
 * events. The visitor's own uploads are not steps. `foldSteps` reads every key defensively.
 */
export function restoredProgress(metadata: JsonRecord | undefined): DifyProgressEvent[] {
  const thoughts = records(metadata?.agent_thoughts).sort((a, b) => (readNumber(a, 'position') ?? 0) - (readNumber(b, 'position') ?? 0));
  const files = records(metadata?.message_files).filter((file) => readString(file, 'belongs_to') === 'assistant');
  return [
    ...thoughts.map((progress): DifyProgressEvent => ({ type: 'agent_thought', progress })),
    ...files.map((progress): DifyProgressEvent => ({ type: 'message_file', progress })),
  ];
}

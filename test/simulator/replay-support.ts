/**
 * Replaying the 1.13.3 captures (fixtures/captures-1.13.3.json) against the simulator: the capture apps as
 * simulated apps, ids carried from one exchange to the next, and the comparison of a recorded response
 * with the simulator's: status, content type, frame order, keys per frame (in order), JSON spacing, and
 * the values once ids, timestamps and usage numbers are normalised.
 */
import { isRecord } from '../../shared/json.ts';
import type { AppMode, FlowName, SimulatedApp } from '../../demo/simulator/index.ts';
import captures from './fixtures/captures-1.13.3.json' with { type: 'json' };

export interface Exchange {
  name: string;
  request: { method: string; target: string; app: string | null; contentType: string | null; body: string | null };
  response: { status: number; headers: Record<string, string | undefined>; body: string };
}

export const exchanges: Exchange[] = captures.exchanges;

/** The apps of `shared/dify-captures/1.13.3/apps/`, played by the simulator's capture flows. */
const captureApps: Record<string, { mode: AppMode; flow: FlowName }> = {
  's2-chatflow-echo': { mode: 'advanced-chat', flow: 'echo' },
  's2-chatflow-required': { mode: 'advanced-chat', flow: 'greeting' },
  's2-chatflow-http-fail': { mode: 'advanced-chat', flow: 'http-fail' },
  's2-chatflow-code-fail': { mode: 'advanced-chat', flow: 'code-fail' },
  's2-chatflow-slow': { mode: 'advanced-chat', flow: 'slow-http' },
  's2-workflow-echo': { mode: 'workflow', flow: 'echo' },
  's2-workflow-http-fail': { mode: 'workflow', flow: 'http-fail' },
};

export const keyOf = (app: string): string => `app-replay-${app}`;

export const replayApps: SimulatedApp[] = Object.entries(captureApps).map(([name, app]) => ({ ...app, key: keyOf(name), name }));

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const isUuid = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value);

/** Recorded ids and the simulator's ids for the same things, learnt by walking both responses together. */
export class IdMap {
  private readonly ids = new Map<string, string>();

  learn(recorded: unknown, simulated: unknown): void {
    if (isUuid(recorded) && isUuid(simulated)) {
      if (!this.ids.has(recorded)) this.ids.set(recorded, simulated);
      return;
    }
    if (Array.isArray(recorded) && Array.isArray(simulated)) {
      recorded.forEach((item, index) => this.learn(item, simulated[index]));
    } else if (isRecord(recorded) && isRecord(simulated)) {
      for (const [key, value] of Object.entries(recorded)) this.learn(value, simulated[key]);
    }
  }

  /** The text with every known recorded id replaced by the simulator's. */
  apply(text: string): string {
    return text.replace(uuid, (id) => this.ids.get(id) ?? id);
  }
}

/** Keys whose values are clocks or measurements, not behaviour. */
const timingKeys = new Set(['created_at', 'updated_at', 'finished_at', 'elapsed_time', 'latency', 'expiration_time']);

/**
 * What a value means, without what differs between two runs: UUIDs, timestamps and durations, usage
 * numbers, and the conversation's turn count (`sys.dialogue_count`, which 1.13.3 counts unexpectedly, 04).
 */
export function normalised(value: unknown, key = ''): unknown {
  if (isUuid(value)) return '<uuid>';
  if (timingKeys.has(key) && typeof value === 'number') return '<time>';
  if (key === 'sys.dialogue_count') return '<count>';
  if (key === 'usage' && isRecord(value)) return Object.fromEntries(Object.keys(value).map((name) => [name, '<usage>']));
  if (Array.isArray(value)) return value.map((item) => normalised(item));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, normalised(inner, name)]));
  return value;
}

/** The keys of a JSON value and of everything inside it, in order; an array is described by its first item. */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (isRecord(value)) return Object.entries(value).map(([key, inner]) => [key, shape(inner)]);
  return typeof value === 'object' ? 'null' : typeof value;
}

/** `python` for `json.dumps` separators (", " and ": "), `compact` for orjson's, `none` for a body without any. */
export function spacing(text: string): string {
  const separators: string[] = [];
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === '\\' && inString) index += 1;
    else if (character === '"') inString = !inString;
    else if (!inString && (character === ',' || character === ':')) separators.push(text[index + 1] === ' ' ? 'python' : 'compact');
  }
  const kinds = new Set(separators);
  return kinds.size === 0 ? 'none' : kinds.size === 1 ? [...kinds].join('') : 'mixed';
}

export interface StreamFrame {
  kind: 'ping' | 'data';
  raw: string;
  data?: Record<string, unknown>;
}

/** SSE frames, each `event: ping` or one `data:` line; anything else fails the replay. */
export function streamFrames(body: string): StreamFrame[] {
  return body
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((raw) => {
      if (raw === 'event: ping') return { kind: 'ping', raw };
      if (!raw.startsWith('data: ') || raw.includes('\n')) throw new Error(`not a Dify frame: ${JSON.stringify(raw)}`);
      const data: unknown = JSON.parse(raw.slice('data: '.length));
      if (!isRecord(data)) throw new Error(`frame data is not an object: ${raw}`);
      return { kind: 'data', raw, data };
    });
}

/** The pings before the first data frame are the API process's; later ones are the worker's clock. */
export function structural(frames: StreamFrame[]): StreamFrame[] {
  const first = frames.findIndex((frame) => frame.kind === 'data');
  return first < 0 ? frames : frames.filter((frame, index) => index < first || frame.kind === 'data');
}

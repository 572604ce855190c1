/**
 * Every exchange recorded from a real Dify 1.13.3 (fixtures/captures-1.13.3.json, derived from
 * shared/dify-captures/1.13.3) is sent, in recorded order, to the simulator playing 1.13 with the same apps;
 * its answer must match the recording: status, content type, X-Version, frame order, keys per frame in
 * order, JSON spacing, trailing newline, and every value except ids, timestamps, durations and usage numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../demo/simulator/index.ts';
import {
  exchanges,
  IdMap,
  keyOf,
  normalised,
  replayApps,
  shape,
  spacing,
  streamFrames,
  structural,
  type Exchange,
  type StreamFrame,
} from './replay-support.ts';

/** Exchanges the simulator does not play, and why. */
const skipped: Record<string, string> = {
  '55-workflow-logs': 'GET /workflows/logs is not simulated (nothing in this project calls it)',
  '70-plain-chat-streaming': 'a chat app whose model provider is unreachable: the simulated chat apps always have a model',
  '71-plain-chat-blocking': 'a chat app whose model provider is unreachable: the simulated chat apps always have a model',
  '72-plain-chat-parameters': "the recorded chat app's model config is not one of the simulator's fixtures",
};

/** Exchanges compared by keys only, since their values describe things the simulator names its own way. */
const keysOnly: Record<string, string> = {
  '22-conversations': 'the list also holds a conversation made before the capture started',
  '54-workflow-run-detail': '`inputs` is a JSON string holding `sys.timestamp`',
};

interface Answer {
  status: number;
  headers: Headers | Record<string, string | undefined>;
  body: string;
}

function header(answer: Answer, name: string): string | undefined {
  const { headers } = answer;
  return headers instanceof Headers ? (headers.get(name) ?? undefined) : headers[name];
}

function frameDigest(frame: StreamFrame, withValues: boolean): unknown {
  if (frame.kind === 'ping') return 'ping';
  const json = frame.raw.slice('data: '.length);
  return {
    event: frame.data?.['event'],
    spacing: spacing(json),
    keys: shape(frame.data),
    ...(withValues ? { values: normalised(frame.data) } : {}),
  };
}

/** Everything the replay compares, as one value, so a mismatch shows as one readable diff. */
function digest(answer: Answer, withValues: boolean): unknown {
  const common = {
    status: answer.status,
    contentType: header(answer, 'content-type'),
    version: header(answer, 'x-version'),
    authenticate: header(answer, 'www-authenticate'),
  };
  if (common.contentType?.startsWith('text/event-stream') === true) {
    return { ...common, frames: structural(streamFrames(answer.body)).map((frame) => frameDigest(frame, withValues)) };
  }
  if (answer.body === '') return { ...common, body: '' };
  const json: unknown = JSON.parse(answer.body);
  const body = { spacing: spacing(answer.body), newline: answer.body.endsWith('\n'), keys: shape(json) };
  return { ...common, body: withValues ? { ...body, values: normalised(json) } : body };
}

function learnIds(ids: IdMap, recorded: Answer, simulated: Answer): void {
  if (simulated.body === '' || recorded.body === '') return;
  if (header(recorded, 'content-type')?.startsWith('text/event-stream') === true) {
    const simulatedFrames = streamFrames(simulated.body).filter((frame) => frame.kind === 'data');
    streamFrames(recorded.body)
      .filter((frame) => frame.kind === 'data')
      .forEach((frame, index) => ids.learn(frame.data, simulatedFrames[index]?.data));
    return;
  }
  ids.learn(JSON.parse(recorded.body), JSON.parse(simulated.body));
}

describe('replaying the Dify 1.13.3 captures against the simulator playing 1.13', () => {
  let simulator: Simulator;
  const ids = new IdMap();
  /** Answers to requests sent while another exchange was still streaming (the stop during 80). */
  const early = new Map<string, Answer>();

  beforeAll(async () => {
    // Fast pacing; pings after the first frame are timing, not structure, and the replay ignores them.
    simulator = await startSimulator({ apps: replayApps, dify: '1.13', chunkDelayMs: 1, pingIntervalMs: 150, workerIdleCloseMs: 200 });
  });
  afterAll(() => simulator.close());

  function send(exchange: Exchange): Promise<Response> {
    const { request } = exchange;
    const headers: Record<string, string> = {};
    if (request.contentType !== null) headers['Content-Type'] = request.contentType;
    if (request.app !== null) headers['Authorization'] = `Bearer ${keyOf(request.app)}`;
    const origin = new URL(simulator.url).origin;
    const body = request.body === null ? undefined : ids.apply(request.body);
    return fetch(`${origin}${ids.apply(request.target)}`, { method: request.method, headers, body });
  }

  async function answerOf(response: Response): Promise<Answer> {
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  /** 80 was stopped by 81 while its HTTP node ran: stop at the same frame, then read the rest. */
  async function streamStoppedAt(exchange: Exchange, stop: Exchange): Promise<Answer> {
    const response = await send(exchange);
    const recordedFrames = streamFrames(exchange.response.body).filter((frame) => frame.kind === 'data');
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let body = '';
    while (streamFrames(body).filter((frame) => frame.kind === 'data').length < recordedFrames.length - 1) {
      const chunk = await reader?.read();
      if (chunk === undefined || chunk.done) break;
      body += decoder.decode(chunk.value, { stream: true });
    }
    ids.learn(recordedFrames[0]?.data, streamFrames(body).find((frame) => frame.kind === 'data')?.data);
    early.set(stop.name, await answerOf(await send(stop)));
    for (let chunk = await reader?.read(); chunk !== undefined && !chunk.done; chunk = await reader?.read()) {
      body += decoder.decode(chunk.value, { stream: true });
    }
    return { status: response.status, headers: response.headers, body };
  }

  async function replay(exchange: Exchange, index: number): Promise<Answer> {
    const waiting = early.get(exchange.name);
    if (waiting !== undefined) return waiting;
    const next = exchanges[index + 1];
    if (exchange.name.startsWith('80-') && next !== undefined) return streamStoppedAt(exchange, next);
    return answerOf(await send(exchange));
  }

  exchanges.forEach((exchange, index) => {
    const reason = skipped[exchange.name];
    if (reason !== undefined) {
      it.skip(`${exchange.name} (${reason})`, () => undefined);
      return;
    }
    it(`answers ${exchange.name} as Dify 1.13.3 did`, async () => {
      const simulated = await replay(exchange, index);
      learnIds(ids, exchange.response, simulated);
      const withValues = keysOnly[exchange.name] === undefined;
      expect(digest(simulated, withValues)).toEqual(digest(exchange.response, withValues));
    });
  });
});

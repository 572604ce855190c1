import type { RecordedRequest, Simulator, StopRecord, StreamEndRecord } from '../../../demo/simulator/index.ts';

/** What reached Dify: the requests the simulator received at `path` (e.g. '/v1/messages'), oldest first. */
export const requestsTo = (simulator: Simulator, path: string): RecordedRequest[] =>
  simulator.requests.filter((request) => request.path === path);

/** The chat messages the simulator received whose `query` was exactly `query`. */
export const chatMessagesAsking = (simulator: Simulator, query: string): RecordedRequest[] =>
  requestsTo(simulator, '/v1/chat-messages').filter((request) => {
    const body = request.body;
    return typeof body === 'object' && body !== null && Reflect.get(body, 'query') === query;
  });

/** How the simulator saw generations end, recorded from the moment this is called. */
export interface UpstreamStops {
  /** True once the proxy turned a visitor's Stop into Dify's stop call, or at least closed the stream upstream. */
  stopped(): boolean;
  /** Why each generation's stream ended ('completed', 'stopped', 'client-closed', …). */
  endReasons(): StreamEndRecord['reason'][];
}

/** Starts recording the simulator's 'stop' and 'stream-end' events, to prove a Stop reached Dify. */
export function watchUpstreamStops(simulator: Simulator): UpstreamStops {
  const stops: StopRecord[] = [];
  const ends: StreamEndRecord[] = [];
  simulator.events.on('stop', (record: StopRecord) => stops.push(record));
  simulator.events.on('stream-end', (record: StreamEndRecord) => ends.push(record));
  return {
    stopped: () => stops.some((stop) => stop.honoured) || ends.some((end) => end.reason === 'stopped' || end.reason === 'client-closed'),
    endReasons: () => ends.map((end) => end.reason),
  };
}

import { expect } from 'vitest';
import type { RecordedRequest, Simulator, StopRecord, StreamEndRecord, TaskStartRecord } from '../../../demo/simulator/index.ts';

/** What reached Dify: the requests the simulator received at `path` (e.g. '/v1/messages'), oldest first. */
export const requestsTo = (simulator: Simulator, path: string): RecordedRequest[] =>
  simulator.requests.filter((request) => request.path === path);

/** The chat messages the simulator received whose `query` was exactly `query`. */
export const chatMessagesAsking = (simulator: Simulator, query: string): RecordedRequest[] =>
  requestsTo(simulator, '/v1/chat-messages').filter((request) => {
    const body = request.body;
    return typeof body === 'object' && body !== null && Reflect.get(body, 'query') === query;
  });

/** The generation endpoints whose tasks the proxy stops, as Dify's paths. */
type GenerationPath = '/v1/chat-messages' | '/v1/completion-messages';

/** How the simulator saw generations start and end, and the stop calls it received, from the moment this is called. */
export interface UpstreamStops {
  /** Why each generation's stream ended ('completed', 'stopped', 'client-closed', …). */
  endReasons(): StreamEndRecord['reason'][];
  /**
   * Waits until Dify received a stop call, then checks it is exactly one `POST <generation>/<task id>/stop`
   * for the one task started since `watchUpstreamStops`, with the app key and the `user` that started it.
   * Closing the stream upstream is not enough: Dify keeps generating (and billing) until it is told to stop.
   */
  expectStopCall(generation: GenerationPath): Promise<StopRecord>;
}

/** Starts recording the simulator's 'task-start', 'stop' and 'stream-end' events, to prove a Stop reached Dify. */
export function watchUpstreamStops(simulator: Simulator): UpstreamStops {
  const since = simulator.requests.length;
  const started: TaskStartRecord[] = [];
  const stops: StopRecord[] = [];
  const ends: StreamEndRecord[] = [];
  simulator.events.on('task-start', (record: TaskStartRecord) => started.push(record));
  simulator.events.on('stop', (record: StopRecord) => stops.push(record));
  simulator.events.on('stream-end', (record: StreamEndRecord) => ends.push(record));
  const requestsSince = () => simulator.requests.slice(since);
  return {
    endReasons: () => ends.map((end) => end.reason),
    async expectStopCall(generation) {
      const generations = requestsSince().filter((request) => request.path === generation);
      expect(generations, `one ${generation} since watchUpstreamStops`).toHaveLength(1);
      expect(started, 'one generation task since watchUpstreamStops').toHaveLength(1);
      const [request] = generations;
      const [task] = started;
      const user = request?.user;
      expect(user, `the user of ${generation}`).toMatch(/\S/);
      expect(task?.appKey).toBe(request?.appKey);

      await expect.poll(() => stops.length, { message: 'Dify never received a stop call' }).toBeGreaterThan(0);
      // `honoured` also depends on whether the task was still generating when the stop arrived (a loaded
      // machine can let a short script finish first); the owner is checked by comparing users directly.
      expect(stops).toEqual([{ taskId: task?.taskId, user, honoured: expect.any(Boolean) }]);
      const stopCalls = requestsSince().filter((call) => call.path.endsWith('/stop'));
      expect(stopCalls).toMatchObject([
        { method: 'POST', path: `${generation}/${task?.taskId ?? ''}/stop`, appKey: request?.appKey, user },
      ]);
      return stops[0] as StopRecord;
    },
  };
}

/**
 * The simulator in a process of its own, for the soak: its store (every conversation and message, as
 * Dify keeps them) then does not count in the proxy's heap. Started by `forkSimulator` (simulator-fork.ts);
 * it forwards the simulator's events and answers how many generations are still running over IPC.
 */
import { startSimulator } from '../../demo/simulator/index.ts';

const key = process.env['SIMULATOR_KEY'] ?? '';
const simulator = await startSimulator({
  apps: [{ key, mode: 'chat' }],
  chunkDelayMs: Number(process.env['SIMULATOR_CHUNK_DELAY_MS'] ?? '2'),
  pingIntervalMs: Number(process.env['SIMULATOR_PING_INTERVAL_MS'] ?? '1000'),
});
for (const name of ['task-start', 'stream-end', 'stop'])
  simulator.events.on(name, (record: unknown) => process.send?.({ type: 'event', name, record }));
process.on('message', (message: unknown) => {
  if (message === 'generating') process.send?.({ type: 'generating', count: simulator.generating() });
  // Dify's request log: the soak never reads it, so it is not kept.
  simulator.requests.length = 0;
});
process.on('disconnect', () => void simulator.close().then(() => process.exit(0)));
process.send?.({ type: 'listening', url: simulator.url });

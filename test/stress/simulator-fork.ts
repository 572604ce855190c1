import { fork } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { fileURLToPath } from 'node:url';

export interface ForkedSimulator {
  readonly url: string;
  /** 'task-start', 'stream-end' and 'stop', with the simulator's records. */
  readonly events: EventEmitter;
  generating(): Promise<number>;
  close(): Promise<void>;
}

interface Message {
  readonly type: string;
  readonly url?: string;
  readonly name?: string;
  readonly record?: unknown;
  readonly count?: number;
}

const isMessage = (value: unknown): value is Message => typeof value === 'object' && value !== null && 'type' in value;

/** Starts test/stress/simulator-process.ts with one chat app keyed `key`. */
export async function forkSimulator(key: string, chunkDelayMs = 2, pingIntervalMs = 1000): Promise<ForkedSimulator> {
  const child = fork(fileURLToPath(new URL('./simulator-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      SIMULATOR_KEY: key,
      SIMULATOR_CHUNK_DELAY_MS: String(chunkDelayMs),
      SIMULATOR_PING_INTERVAL_MS: String(pingIntervalMs),
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const counts: ((count: number) => void)[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the simulator process exited with ${code}`)));
    child.on('message', (message: unknown) => {
      if (!isMessage(message)) return;
      if (message.type === 'listening' && message.url !== undefined) resolve(message.url);
      if (message.type === 'event' && message.name !== undefined) events.emit(message.name, message.record);
      if (message.type === 'generating') counts.shift()?.(message.count ?? -1);
    });
  });
  return {
    url,
    events,
    generating: () =>
      new Promise((resolve) => {
        counts.push(resolve);
        child.send('generating');
      }),
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}

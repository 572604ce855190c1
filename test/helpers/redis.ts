import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestRedis {
  /** `redis://127.0.0.1:<port>`, with the password when there is one */
  readonly url: string;
  /** Kills the server (SIGKILL: what a crash or a lost network looks like to the proxy). */
  stop(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT). */
  resume(): void;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

/** From PATH, as `npm test` checks for it (scripts/prepare-test-machine.mjs). */
const redisServer = 'redis-server';

/** A port nothing listens on now: bound on loopback by the kernel's choice, then freed. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** One PING over a raw socket; true when Redis answered PONG. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    // Without the password Redis answers NOAUTH: it is up all the same.
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}

async function untilAnswers(port: number, child: ChildProcess): Promise<void> {
  let failed: Error | undefined;
  child.once('error', (error) => {
    failed = error;
  });
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (failed !== undefined) throw new Error(`cannot start redis-server (is it installed?): ${failed.message}`);
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    if (await pings(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('redis-server did not answer PING');
}

interface RedisOptions {
  readonly password?: string;
}

/**
 * Starts a throwaway `redis-server` on a free loopback port: no persistence, its own temporary directory,
 * and `password` required when given. Another test file may take the port between its choice and the
 * server's start: then another port is tried.
 */
export async function startRedis(options: RedisOptions = {}): Promise<TestRedis> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startRedisOn(await freePort(), options);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function startRedisOn(port: number, options: RedisOptions): Promise<TestRedis> {
  const directory = mkdtempSync(path.join(tmpdir(), 'dify-widget-redis-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(
      redisServer,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', directory].concat(
        options.password === undefined ? [] : ['--requirepass', options.password],
      ),
      { stdio: 'ignore' },
    );
    child = started;
    await untilAnswers(port, started);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    // A paused process is killed as well; continuing it keeps no stopped child behind.
    running.kill('SIGCONT');
    await exited;
  };
  await start().catch(async (error: unknown) => {
    await stop();
    rmSync(directory, { recursive: true, force: true });
    throw error;
  });
  return {
    url: `redis://${options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`}127.0.0.1:${port}`,
    stop,
    start,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    async close() {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

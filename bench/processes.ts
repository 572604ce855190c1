import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { cpuTicksOf, rssBytesOf } from './stats.ts';

/** One process the bench started, with its address and what /proc says of the process that relays. */
export interface Started {
  readonly url: string;
  /** The process doing the relaying (nginx: its one worker). */
  readonly pid: number;
  stop(): Promise<void>;
}

/** Clock ticks per second of /proc's CPU figures (USER_HZ: 100 on Linux everywhere). */
const ticksPerSecond = 100;

/** CPU time of a process so far, in milliseconds. */
export const cpuMs = (pid: number): number => (cpuTicksOf(readFileSync(`/proc/${pid}/stat`, 'utf8')) * 1000) / ticksPerSecond;

export const rssBytes = (pid: number): number => rssBytesOf(readFileSync(`/proc/${pid}/status`, 'utf8'));

/** A free loopback port (for nginx, which must be told its port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Stops a child: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resolves once `ready` matches a line the child printed (stdout or stderr); rejects on exit or after `timeoutMs`. */
export function waitForLine<T>(child: ChildProcess, ready: (line: string) => T | undefined, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    const timer = setTimeout(() => fail(new Error(`not ready within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(new Error(`${error.message}; it printed:\n${output.slice(-20).join('\n')}`));
    };
    const onLine = (line: string) => {
      output.push(line);
      const found = ready(line);
      if (found === undefined) return;
      clearTimeout(timer);
      resolve(found);
    };
    for (const stream of [child.stdout, child.stderr]) if (stream !== null) createInterface({ input: stream }).on('line', onLine);
    child.once('exit', (code) => fail(new Error(`exited with ${code}`)));
  });
}

/** The port from a `{"port": N}` line, as the bench's own scripts print it. */
function portLine(line: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && 'port' in parsed && typeof parsed.port === 'number' ? parsed.port : undefined;
  } catch {
    return undefined;
  }
}

/** Starts one of the bench's plain Node scripts (fake Dify, pipe, http-proxy) and waits for its port. */
export async function startScript(script: string, args: readonly string[] = []): Promise<Started> {
  const child = spawn(process.execPath, [new URL(script, import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await waitForLine(child, portLine);
  if (child.pid === undefined) throw new Error(`${script} has no pid`);
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => stopChild(child) };
}

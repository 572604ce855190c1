import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The proxy process as `npm start` runs it, in demo mode. */
export interface DemoServer {
  /** e.g. http://127.0.0.1:41877 */
  readonly origin: string;
  /** Everything the process printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function waitUntilHealthy(origin: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the demo proxy exited with ${child.exitCode}:\n${output()}`);
    const healthy = await fetch(`${origin}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the demo proxy did not become healthy within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts the compiled proxy (`dist/proxy/main.js`) exactly as `npm start` does after building (no DIFY_API_KEY, so demo mode with
 * the built-in simulator and the demo site at `/`), on a free loopback port. The environment is
 * minimal so a developer's own DIFY_* variables cannot turn the demo into a real deployment.
 */
export async function startDemoServer(): Promise<DemoServer> {
  const port = await freePort();
  const environment: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  // The compiled proxy, as `npm start` runs it after its build: no TypeScript loader at run time.
  const child = spawn(process.execPath, ['dist/proxy/main.js'], {
    cwd: repositoryRoot,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  const collect = (chunk: Buffer) => {
    printed = (printed + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const origin = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(forced);
  };
  try {
    await waitUntilHealthy(origin, child, () => printed, 30_000);
  } catch (error) {
    await close();
    throw error;
  }
  return { origin, output: () => printed, close };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface MainProcess {
  readonly child: ChildProcess;
  /** The URL the proxy says it listens on. */
  readonly url: string;
  /** Ends the process at once (SIGKILL), as a crash or an out-of-memory kill would. */
  kill(): Promise<void>;
}

function listeningUrl(line: string): string | undefined {
  try {
    const entry: unknown = JSON.parse(line);
    if (typeof entry !== 'object' || entry === null || !('url' in entry) || !('msg' in entry)) return undefined;
    return typeof entry.url === 'string' && String(entry.msg).startsWith('listening') ? entry.url : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `proxy/main.ts` in its own process with only the given environment, until it says it listens. */
export async function startMainProcess(environment: Record<string, string>): Promise<MainProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/main.ts'], {
    cwd: repositoryRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PORT: '0', HOST: '127.0.0.1', ...environment },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let pending = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      const found = lines.map(listeningUrl).find((candidate) => candidate !== undefined);
      if (found !== undefined) resolve(found);
    });
    void exited.then(() => reject(new Error(`proxy exited with ${child.exitCode} before listening`)));
  });
  return {
    child,
    url,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

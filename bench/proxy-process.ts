import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort, stopChild, waitForLine, type Started } from './processes.ts';

export const benchKey = 'app-bench-key-0000000000000000';

/** Limits far above a real site's, so that the relay is what is measured and not a cap (the same as test/stress). */
const generousLimits: Record<string, string> = {
  RATE_LIMIT_PER_IP: '100000000',
  RATE_LIMIT_PER_VISITOR: '100000000',
  RATE_LIMIT_PAID_PER_VISITOR: '100000000',
  TOKENS_PER_VISITOR_PER_DAY: '0',
  MAX_STREAMS_PER_VISITOR: '100000',
  MAX_STREAMS_PER_IP: '100000',
  MAX_STREAMS_PER_APP: '100000',
  MAX_CONNECTIONS: '30000',
  MAX_CONNECTIONS_PER_IP: '0',
  SESSION_MINT_PER_IP: '100000000',
};

/** Our proxy as production runs it: the built `dist/proxy/main.js`, NODE_ENV=production, the fake as Dify. */
export async function startOurProxy(difyUrl: string, extraArgs: readonly string[] = []): Promise<Started> {
  const main = new URL('../dist/proxy/main.js', import.meta.url).pathname;
  if (!existsSync(main)) throw new Error('dist/proxy/main.js is missing: run `npm run build` first (`npm run bench` does)');
  const port = await freePort();
  const child = spawn(process.execPath, [...extraArgs, main], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DIFY_API_URL: `${difyUrl}/v1`,
      DIFY_API_KEY: benchKey,
      DIFY_APP_MODE: 'chat',
      SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123456789abcdef',
      // The browser run's host page comes from the fake's origin.
      ALLOWED_ORIGINS: difyUrl,
      ...generousLimits,
    },
  });
  await waitForLine(child, (line) => (line.includes('listening') || line.includes(`:${port}`) ? true : undefined));
  if (child.pid === undefined) throw new Error('the proxy has no pid');
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => stopChild(child, 12_000) };
}

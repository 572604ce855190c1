import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/api.ts';
import { mintSession } from '../helpers/session.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

// The repository's nginx locations file (deploy/nginx/), run by a real nginx on loopback in front of the
// proxy, as an operator would put it there: streams must pass through unbuffered.
const locationsFile = fileURLToPath(new URL('../../deploy/nginx/dify-widget-locations.conf', import.meta.url));
const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => existsSync(candidate));

let stack: Stack | undefined;
let redis: TestRedis | undefined;
let nginx: ChildProcess | undefined;
let prefix: string | undefined;

afterEach(async () => {
  nginx?.kill('SIGKILL');
  nginx = undefined;
  await stack?.close();
  stack = undefined;
  await redis?.close();
  redis = undefined;
  if (prefix !== undefined) rmSync(prefix, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts nginx (its own prefix, config and port) in front of `upstreams`; resolves with its origin once it answers. */
async function startNginx(upstreams: readonly string[]): Promise<string> {
  if (nginxBinary === undefined) throw new Error('nginx is not installed: npm test installs it (apt-get install nginx-light)');
  prefix = mkdtempSync(path.join(tmpdir(), 'dify-widget-nginx-'));
  for (const directory of ['logs', 'temp']) mkdirSync(path.join(prefix, directory));
  const port = await freePort();
  const servers = upstreams.map((upstream) => `server ${new URL(upstream).host};`).join(' ');
  const conf = path.join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off; worker_processes 1; pid ${prefix}/nginx.pid; error_log ${prefix}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${prefix}/temp/body; proxy_temp_path ${prefix}/temp/proxy;
  fastcgi_temp_path ${prefix}/temp/fastcgi; uwsgi_temp_path ${prefix}/temp/uwsgi; scgi_temp_path ${prefix}/temp/scgi;
  upstream dify_widget { ${servers} keepalive 8; }
  server { listen 127.0.0.1:${port}; include ${locationsFile}; }
}
`,
  );
  const child = spawn(nginxBinary, ['-p', prefix, '-c', conf, '-e', `${prefix}/logs/error.log`], { stdio: 'ignore' });
  nginx = child;
  const origin = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${origin}/healthz`).catch(() => undefined))?.status, {
      message: `nginx did not answer: ${existsSync(`${prefix}/logs/error.log`) ? readFileSync(`${prefix}/logs/error.log`, 'utf8') : ''}`,
    })
    .toBe(200);
  return origin;
}

/** Reads a stream and notes, for each chunk, how far through the whole read it arrived (0..1). */
async function arrivalShares(response: Response): Promise<{ text: string; firstAnswerShare: number }> {
  const started = performance.now();
  const reader = response.body?.getReader();
  if (reader === undefined) throw new Error('no body');
  const decoder = new TextDecoder();
  let text = '';
  let firstAnswerAt: number | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (firstAnswerAt === undefined && text.includes('"event":"message"')) firstAnswerAt = performance.now();
  }
  const total = performance.now() - started;
  return { text, firstAnswerShare: ((firstAnswerAt ?? total) - started) / total };
}

describe('the proxy behind nginx with the repository’s locations file', () => {
  it('streams each event as it comes (unbuffered) and uncompressed', async () => {
    stack = await startStack({ trustProxy: 1, simulator: { pingIntervalMs: 400, chunkDelayMs: 2 } });
    const origin = await startNginx([stack.urls.proxy]);
    const session = await mintSession(origin);
    const response = await postJson(origin, '/v1/chat-messages', session.token, {
      query: 'scenario: slow',
      inputs: {},
      response_mode: 'streaming',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBeNull();
    const { text, firstAnswerShare } = await arrivalShares(response);
    expect(text).toContain('"event":"message_end"');
    // The slow answer has four words with long pauses between them: unbuffered, the first word arrives in
    // the first half of the stream; a buffering nginx would hand everything over at the end.
    expect(firstAnswerShare).toBeLessThan(0.5);
  });

  it('spreads visitors over two instances sharing Redis, and one visitor’s request limit holds across both', async () => {
    redis = await startRedis();
    stack = await startStack({ trustProxy: 1, redisUrl: redis.url, instances: 2, limits: { requestsPerVisitor: 4, windowSeconds: 60 } });
    const origin = await startNginx(stack.instances.map((instance) => instance.url));
    const session = await mintSession(origin);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const response = await fetch(`${origin}/v1/parameters`, { headers: { Authorization: `Bearer ${session.token}` } });
      await response.text();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // nginx sent requests to both instances (round robin), so the limit held across them, not within one.
    const served = stack.instances.map((instance) => instance.logs.entries().filter((entry) => entry['endpoint'] === 'parameters').length);
    expect(served.every((count) => count > 0)).toBe(true);
  });
});

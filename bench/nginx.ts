import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, stopChild, type Started } from './processes.ts';

const nginxCandidates = ['/usr/sbin/nginx', '/usr/bin/nginx'];

export const findNginx = (): string | undefined => nginxCandidates.find((candidate) => existsSync(candidate));

/** nginx as a streaming reverse proxy: one worker, no buffering, keep-alive to the upstream, nothing logged per request. */
function configText(prefix: string, port: number, upstream: URL): string {
  return `
worker_processes 1;
worker_rlimit_nofile 20000;
daemon off;
user root;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 12000; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream fake { server ${upstream.host}; keepalive 256; }
  server {
    listen 127.0.0.1:${port} backlog=4096;
    location / {
      proxy_pass http://fake;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_read_timeout 300s;
    }
  }
}
`;
}

/** The worker's pid: nginx's master forks it, so it is the master's child in /proc. */
async function workerOf(masterPid: number): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const children = readFileSync(`/proc/${masterPid}/task/${masterPid}/children`, 'utf8').trim();
    const worker = Number(children.split(' ')[0]);
    if (children !== '' && Number.isInteger(worker)) return worker;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('nginx started no worker');
}

/** Starts Debian's nginx with the bench's own config and a temporary prefix; undefined (and why) when it cannot. */
export async function startNginx(upstreamUrl: string): Promise<Started | { skipped: string }> {
  const binary = findNginx();
  if (binary === undefined) return { skipped: 'nginx is not installed (scripts/prepare-test-machine.mjs installs nginx-light)' };
  const prefix = mkdtempSync(path.join(tmpdir(), 'bench-nginx-'));
  for (const folder of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(prefix, folder));
  const port = await freePort();
  writeFileSync(path.join(prefix, 'nginx.conf'), configText(prefix, port, new URL(upstreamUrl)));
  const master = spawn(binary, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  master.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    if (master.pid === undefined) throw new Error('no pid');
    const worker = await workerOf(master.pid);
    await waitForPort(port);
    return {
      url: `http://127.0.0.1:${port}`,
      pid: worker,
      async stop() {
        await stopChild(master);
        rmSync(prefix, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopChild(master);
    rmSync(prefix, { recursive: true, force: true });
    return { skipped: `nginx did not start: ${error instanceof Error ? error.message : String(error)} ${stderr.trim()}` };
  }
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const open = await fetch(`http://127.0.0.1:${port}/v1/info`).then(
      () => true,
      () => false,
    );
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on ${port}`);
}

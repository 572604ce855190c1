import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { field, getJson, postJson } from '../helpers/api.ts';
import { mintSession, mintSessionFor } from '../helpers/session.ts';
import { dataEvents, readStream } from '../helpers/sse.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const children: ChildProcess[] = [];

function parseLine(line: string): Record<string, unknown> {
  const value: unknown = JSON.parse(line);
  return typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value)) : {};
}

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly lines: string[];
}

/** Runs `proxy/main.ts` as `npm start` does (minus the build), with only the given environment. */
function run(environment: Record<string, string>): { child: ChildProcess; lines: string[]; stderr: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/main.ts'], {
    cwd: repositoryRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  const stderr: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (text: string) => lines.push(...text.split('\n').filter((line) => line !== '')));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
  return { child, lines, stderr };
}

async function startMain(environment: Record<string, string>): Promise<Started> {
  const { child, lines } = run(environment);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const listening = lines
      .map(parseLine)
      .find((entry) => typeof entry['url'] === 'string' && String(entry['msg']).startsWith('listening'));
    if (listening !== undefined) return { child, url: String(listening['url']), lines };
    if (child.exitCode !== null) throw new Error(`proxy exited with ${child.exitCode}: ${lines.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`proxy did not start: ${lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start without SESSION_SECRET, outside production', () => {
  it('keeps the secret it made in STATE_DIR, so a session from before a restart still works after it', async () => {
    const stateDirectory = mkdtempSync(path.join(tmpdir(), 'dify-widget-state-'));
    try {
      const first = await startMain({ PORT: '0', HOST: '127.0.0.1', STATE_DIR: stateDirectory });
      expect(first.lines.map(parseLine).find((entry) => String(entry['msg']).includes('made one and kept it'))).toBeDefined();
      const session = await mintSession(first.url);
      first.child.kill('SIGTERM');
      await once(first.child, 'exit');

      const second = await startMain({ PORT: '0', HOST: '127.0.0.1', STATE_DIR: stateDirectory });
      expect(second.lines.map(parseLine).find((entry) => String(entry['msg']).includes('using the one kept in'))).toBeDefined();
      expect((await getJson(second.url, '/v1/info', session.token)).status).toBe(200);
    } finally {
      rmSync(stateDirectory, { recursive: true, force: true });
    }
  });
});

describe('npm start without DIFY_API_KEY (demo mode)', () => {
  it('runs the simulator in-process, says so loudly, serves every mode and the demo page, and stops on SIGTERM', async () => {
    const { child, url, lines } = await startMain({ PORT: '0', HOST: '127.0.0.1' });
    const demoLine = lines.map(parseLine).find((entry) => String(entry['msg']).startsWith('DEMO MODE'));
    expect(demoLine).toMatchObject({ level: 'warn' });
    expect(String(demoLine?.['msg'])).toMatch(/SIMULATED/);

    const session = await mintSession(url);
    for (const [app, path, mode] of [
      ['chat', '/v1/info', 'chat'],
      ['chat', '/apps/chat/v1/info', 'chat'],
      ['agent', '/apps/agent/v1/info', 'agent-chat'],
      ['chatflow', '/apps/chatflow/v1/info', 'advanced-chat'],
      ['completion', '/apps/completion/v1/info', 'completion'],
      ['workflow', '/apps/workflow/v1/info', 'workflow'],
    ] as const) {
      // A session works on the app it was minted for; the default app's is the one minted without a name.
      const token = app === 'chat' ? session.token : (await mintSessionFor(url, app)).token;
      const info = await getJson(url, path, token);
      expect(info.status, path).toBe(200);
      expect(info.json, path).toMatchObject({ mode });
    }
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/html/);

    const answer = await postJson(url, '/v1/chat-messages', session.token, {
      query: 'echo: demo works',
      inputs: {},
      response_mode: 'streaming',
    });
    const events = dataEvents(await answer.text());
    expect(
      events
        .filter((event) => event['event'] === 'message')
        .map((event) => field(event, 'answer'))
        .join(''),
    ).toBe('demo works');

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 30_000);

  it('ends an open stream with an error event when it receives SIGTERM', async () => {
    const { child, url } = await startMain({ PORT: '0', HOST: '127.0.0.1' });
    const session = await mintSession(url);
    const response = await postJson(url, '/v1/chat-messages', session.token, {
      query: 'scenario: slow',
      inputs: {},
      response_mode: 'streaming',
    });
    expect(response.status).toBe(200);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const events = dataEvents((await readStream(response).rest()).toString('utf8'));
    expect(events.at(-1)).toMatchObject({ event: 'error', code: 'server_shutdown' });
    const [code] = await exited;
    expect(code).toBe(0);
  }, 30_000);
});

describe('npm start with a broken configuration', () => {
  it('exits with status 1 and lists every problem', async () => {
    const { child, stderr } = run({ DIFY_API_KEY: 'sk-not-dify', ALLOWED_ORIGINS: '*', PORT: 'http' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    const text = stderr.join('');
    expect(text).toContain('DIFY_API_KEY');
    expect(text).toContain('ALLOWED_ORIGINS');
    expect(text).toContain('PORT');
  }, 30_000);
});

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../demo/simulator/index.ts';
import { launchBrowser } from '../e2e/support/browser.ts';
import { ask, settledAnswer, widgetParts } from '../e2e/support/widget.ts';
import { postJson } from '../helpers/api.ts';
import { testSessionSecret } from '../helpers/proxy.ts';
import { mintSession } from '../helpers/session.ts';
import { parseEventStream } from '../helpers/sse.ts';

// The published package, as a site owner gets it: packed from the built tree, installed into an empty
// project, then run with `npx dify-widget` and mounted as a router in the owner's own Express app.
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
let project: string;
const children: ChildProcess[] = [];
let simulator: Simulator | undefined;
/** The owner's Express app with the proxy at /chat and their bundled page at /spa (started once). */
let runningSite: Promise<string> | undefined;

beforeAll(() => {
  if (!existsSync(path.join(repositoryRoot, 'dist/proxy/index.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
  project = mkdtempSync(path.join(tmpdir(), 'dify-widget-package-'));
  // --ignore-scripts: the tree is already built, and prepack's build would rewrite dist/ under other tests.
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', project], { cwd: repositoryRoot, stdio: 'ignore' });
  const tarball = readdirSync(project).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('npm pack wrote no tarball');
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'site', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', `./${tarball}`], {
    cwd: project,
    stdio: 'ignore',
  });
}, 240_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await simulator?.close();
  rmSync(project, { recursive: true, force: true });
}, 30_000);

/** Starts a process in the installed project and resolves with the first JSON line that has a `url`. */
function startInProject(command: string, args: string[], environment: Record<string, string>): Promise<string> {
  const child = spawn(command, args, {
    cwd: project,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...environment },
  });
  children.push(child);
  let printed = '';
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      printed += text;
      for (const line of printed.split('\n')) {
        const url = /"url":"(http:\/\/[^"]+)"/.exec(line)?.[1];
        if (url !== undefined) resolve(url);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (printed += text));
    child.once('exit', (code) => reject(new Error(`${command} exited with ${String(code)}:\n${printed}`)));
  });
}

/** Streams one chat answer through a proxy at `base` and returns the names of its events. */
async function streamedEvents(base: string): Promise<(string | undefined)[]> {
  const session = await mintSession(base);
  const response = await postJson(base, '/v1/chat-messages', session.token, {
    query: 'echo: from the package',
    inputs: {},
    response_mode: 'streaming',
  });
  expect(response.status).toBe(200);
  return parseEventStream(await response.text()).events.map((event) => event.json?.['event'] as string | undefined);
}

describe('the npm package, installed into an empty project', () => {
  it('runs `npx dify-widget` (demo mode without a key) to a streamed chat', async () => {
    const url = await startInProject('npx', ['dify-widget', '--port', '0'], { HOST: '127.0.0.1', STATE_DIR: path.join(project, 'state') });
    expect(await streamedEvents(url)).toEqual(expect.arrayContaining(['message', 'message_end']));
    expect((await fetch(`${url}/widget.js`)).status).toBe(200);
  }, 60_000);

  it('mounts createDifyWidgetProxy from dify-widget/proxy at /chat of the owner’s Express app, and streams through it', async () => {
    simulator = await startSimulator({ apps: [{ key: 'app-package-test', mode: 'chat' }], chunkDelayMs: 2 });
    writeFileSync(
      path.join(project, 'site.mjs'),
      `import express from 'express';
import { createDifyWidgetProxy } from 'dify-widget/proxy';
const site = express();
site.get('/', (_req, res) => res.send('the owner’s own page'));
site.use('/spa', express.static('spa'));
// Mounted once listening, so the proxy can allow the page's own origin (the bundled chat at /spa).
const server = site.listen(0, '127.0.0.1', () => {
  const url = 'http://127.0.0.1:' + server.address().port;
  site.use('/chat', createDifyWidgetProxy({
    sessionSecret: process.env.SECRET, apiUrl: process.env.SIMULATOR, allowedOrigins: [url],
    apps: [{ id: 'main', apiKey: 'app-package-test', mode: 'chat' }],
  }));
  console.log(JSON.stringify({ url }));
});
`,
    );
    const url = await (runningSite = startInProject(process.execPath, ['site.mjs'], {
      SECRET: testSessionSecret,
      SIMULATOR: simulator.url,
    }));
    expect(await (await fetch(`${url}/`)).text()).toBe('the owner’s own page');
    expect(await streamedEvents(`${url}/chat`)).toEqual(expect.arrayContaining(['message', 'message_end']));
    const script = await fetch(`${url}/chat/widget.js`, { headers: { 'Accept-Encoding': 'br' } });
    expect(script.status).toBe(200);
  }, 60_000);

  it('bundles dify-widget/widget into the owner’s single-page app (types checked), which mounts and streams a chat', async () => {
    // The owner's code, typed against the package's declarations (a wrong option would not compile).
    writeFileSync(
      path.join(project, 'chat.ts'),
      `import { mount, type DifyWidgetHandle } from 'dify-widget/widget';
const chat: DifyWidgetHandle = mount({ proxy: '/chat/', title: 'Bundled', position: 'left' });
chat.on('message', (message) => console.log(message.role, message.text.length));
Reflect.set(window, 'chat', chat);
`,
    );
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'esnext',
          moduleResolution: 'bundler',
          target: 'es2022',
          lib: ['es2022', 'dom'],
          noEmit: true,
          types: [],
        },
        files: ['chat.ts'],
      }),
    );
    execFileSync(path.join(repositoryRoot, 'node_modules/.bin/tsc'), ['-p', project], { cwd: project });
    writeFileSync(path.join(project, 'index.html'), '<!doctype html><title>SPA</title><script type="module" src="./chat.ts"></script>');
    await build({ root: project, base: '/spa/', configFile: false, logLevel: 'silent', build: { outDir: 'spa', emptyOutDir: true } });
    const bundled = readdirSync(path.join(project, 'spa/assets')).filter((name) => name.endsWith('.js'));
    // The chat and its languages stay separate chunks, loaded when the visitor opens it.
    expect(bundled.length).toBeGreaterThan(5);

    const url = await (runningSite ??= startInProject(process.execPath, ['site.mjs'], {
      SECRET: testSessionSecret,
      SIMULATOR: simulator?.url ?? '',
    }));
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${url}/spa/`);
      const parts = widgetParts(page);
      await parts.launcher.click();
      await ask(parts, 'echo: bundled by the owner');
      expect((await settledAnswer(parts, 30_000)).text).toContain('bundled by the owner');
    } finally {
      await close();
    }
  }, 120_000);
});

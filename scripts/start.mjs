#!/usr/bin/env node
// `npm start`: builds only when dist/ is missing or older than the sources, then runs the compiled proxy
// in this process (so signals reach it directly). A production install of a built tree never builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = ['dist/proxy/main.js', 'dist/widget/widget.js'].map((file) => join(root, file));
const sources = ['proxy', 'widget', 'demo', 'shared', 'vite.config.ts', 'package.json'].map((path) => join(root, path));

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

const built = outputs.every((file) => existsSync(file));
const oldestOutput = built ? Math.min(...outputs.map((file) => statSync(file).mtimeMs)) : 0;
const sourcesPresent = existsSync(join(root, 'proxy', 'main.ts'));
if (!built || (sourcesPresent && sources.some((path) => newestChange(path) > oldestOutput))) {
  if (!sourcesPresent) {
    console.error('dify-widget: dist/ is missing and there are no sources to build it from; reinstall the package.');
    process.exit(1);
  }
  console.log(built ? 'dify-widget: sources changed since the last build; building…' : 'dify-widget: building the widget and the proxy…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await import(pathToFileURL(outputs[0]).href);

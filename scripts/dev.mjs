#!/usr/bin/env node
// `npm run dev`: rebuild the widget on change and restart the proxy on change, as one command.
// A shell `a & b` would leave the background watcher running after Ctrl-C; here both children
// end together, whichever stops first.
import { spawn } from 'node:child_process';

const children = [
  spawn('npx', ['vite', 'build', '--watch'], { stdio: 'inherit' }),
  spawn('npx', ['tsx', 'watch', 'proxy/main.ts', ...process.argv.slice(2)], { stdio: 'inherit' }),
];

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.on('exit', (code) => stopAll(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(0));

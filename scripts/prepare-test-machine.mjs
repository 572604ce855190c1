#!/usr/bin/env node
// Makes a fresh machine ready for `npm test`: the browser tests need a system Chromium or Chrome
// (playwright-core never downloads one) and the multi-instance tests need a redis-server.
// On Debian or Ubuntu as root, whatever is missing is installed with apt-get (with its recommended
// packages, fonts among them, as on the machines the browser suite was written on); anywhere else we stop
// and say exactly what to install. Already-present tools are left alone, so this is quick after the first run.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

export const chromiumCandidates = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
].filter(Boolean);

const findChromium = () => chromiumCandidates.find((path) => existsSync(path));
const hasCommand = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;

const isDebianLike = () => {
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(osRelease);
  } catch {
    return false;
  }
};
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

const missing = [];
if (!findChromium()) missing.push({ tool: 'Chromium', apt: 'chromium' });
if (!hasCommand('redis-server')) missing.push({ tool: 'redis-server', apt: 'redis-server' });
// The reverse-proxy test runs the repository's nginx file; Debian keeps nginx in /usr/sbin.
const nginxCandidates = ['/usr/sbin/nginx', '/usr/bin/nginx'];
if (!hasCommand('nginx') && !nginxCandidates.some((path) => existsSync(path))) missing.push({ tool: 'nginx', apt: 'nginx-light' });

if (missing.length === 0) process.exit(0);

const packages = missing.map((entry) => entry.apt);
if (isDebianLike() && isRoot() && hasCommand('apt-get')) {
  console.log(`[prepare-test-machine] installing ${packages.join(', ')} with apt-get (needed by the browser, Redis and nginx tests)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  // Installed, not started: Debian starts a package's service unless policy-rc.d says no, and the tests
  // start their own servers on loopback ports of their choosing (nginx would take port 80 on every address).
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  } finally {
    if (ownPolicy) rmSync(policy);
  }
  process.exit(0);
}

console.error(
  [
    `[prepare-test-machine] missing: ${missing.map((entry) => entry.tool).join(', ')}.`,
    'The tests need a system Chromium/Chrome (set CHROME_PATH to its binary, or install it at /usr/bin/chromium)',
    'and redis-server and nginx on PATH. On Debian/Ubuntu: sudo apt-get install chromium redis-server nginx-light',
    'On macOS: brew install --cask chromium && brew install redis nginx, then export CHROME_PATH=/Applications/Chromium.app/Contents/MacOS/Chromium',
  ].join('\n'),
);
process.exit(1);

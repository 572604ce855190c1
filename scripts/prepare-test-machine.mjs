#!/usr/bin/env node
// Makes a fresh machine ready for `npm test`: the browser tests need a system Chromium or Chrome
// (playwright-core never downloads one) and the multi-instance tests need a redis-server.
// On Debian or Ubuntu as root, whatever is missing is installed with apt-get (with its recommended
// packages, fonts among them, as on the machines the browser suite was written on); anywhere else we stop
// and say exactly what to install. Already-present tools are left alone, so this is quick after the first run.
import { existsSync, readFileSync } from 'node:fs';
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

if (missing.length === 0) process.exit(0);

const packages = missing.map((entry) => entry.apt);
if (isDebianLike() && isRoot() && hasCommand('apt-get')) {
  console.log(`[prepare-test-machine] installing ${packages.join(', ')} with apt-get (needed by the browser and Redis tests)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  process.exit(0);
}

console.error(
  [
    `[prepare-test-machine] missing: ${missing.map((entry) => entry.tool).join(', ')}.`,
    'The tests need a system Chromium/Chrome (set CHROME_PATH to its binary, or install it at /usr/bin/chromium)',
    'and redis-server on PATH. On Debian/Ubuntu: sudo apt-get install chromium redis-server',
    'On macOS: brew install --cask chromium && brew install redis, then export CHROME_PATH=/Applications/Chromium.app/Contents/MacOS/Chromium',
  ].join('\n'),
);
process.exit(1);

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keptSessionSecret } from '../../proxy/state-secret.ts';

const directories: string[] = [];
const stateDirectory = () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'dify-widget-state-'));
  directories.push(directory);
  return path.join(directory, 'state');
};

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('the session secret kept outside production', () => {
  it('is made once, readable only by its owner, and the same on the next start', () => {
    const directory = stateDirectory();
    const first = keptSessionSecret(directory);
    expect(first.created).toBe(true);
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);

    const again = keptSessionSecret(directory);
    expect(again).toEqual({ secret: first.secret, file: first.file, created: false });
  });

  it('replaces a file too short to be a secret, and tightens its mode', () => {
    const directory = stateDirectory();
    const { file } = keptSessionSecret(directory);
    writeFileSync(file, 'short\n', { mode: 0o644 });
    const replaced = keptSessionSecret(directory);
    expect(replaced.created).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(replaced.secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

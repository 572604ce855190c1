// Without SESSION_SECRET, a development or demo proxy would sign sessions with a new random secret on
// every start, silently logging every visitor out at each restart. So outside production it makes one
// once and keeps it in a file only this user can read; production must set it (every instance needs
// the same one).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface KeptSecret {
  readonly secret: string;
  readonly file: string;
  /** True when this start made the file. */
  readonly created: boolean;
}

/** The session secret kept in `<directory>/session-secret`, made (mode 0600) when missing or unusable. */
export function keptSessionSecret(directory: string): KeptSecret {
  const file = path.join(directory, 'session-secret');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return { secret: kept, file, created: false };
  }
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  // The mode above applies only when the file is created; an old, unusable file keeps its own.
  chmodSync(file, 0o600);
  return { secret, file, created: true };
}

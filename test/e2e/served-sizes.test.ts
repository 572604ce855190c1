import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireBytes } from '../helpers/raw-http.ts';
import { startE2eStack, type E2eStack } from './support/stack.ts';

const KB = 1024;
const firstScriptBudget = 6 * KB;
const openChatBudget = 40 * KB;

interface ManifestChunk {
  file: string;
  imports?: string[];
}

/** The app entry and every chunk it imports statically: what opening a plain chat loads after widget.js. */
function openChatFiles(): string[] {
  const manifest = JSON.parse(readFileSync('dist/widget/.vite/manifest.json', 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.values(manifest).find((chunk) => chunk.file.includes('/app-'));
  if (entry === undefined) throw new Error('no app entry in dist/widget/.vite/manifest.json: run npm run build');
  const files = new Set<string>();
  const visit = (chunk: ManifestChunk) => {
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const key of chunk.imports ?? []) if (manifest[key] !== undefined) visit(manifest[key]);
  };
  visit(entry);
  return [...files];
}

let e2e: E2eStack;
beforeAll(async () => {
  e2e = await startE2eStack();
});
afterAll(async () => {
  await e2e.close();
});

describe('what the proxy serves, compressed, is within the size budgets', () => {
  for (const encoding of ['br', 'gzip'] as const) {
    it(`serves widget.js ≤ 6 KB and an open chat ≤ 40 KB as ${encoding} on the wire`, async () => {
      const size = async (path: string) => (await wireBytes(`${e2e.proxyOrigin}${path}`, { 'Accept-Encoding': encoding })).length;
      const first = await size('/widget.js');
      const chat = await Promise.all(openChatFiles().map((file) => size(`/widget/${file}`)));
      const total = first + chat.reduce((sum, bytes) => sum + bytes, 0);
      console.info(`[served ${encoding}] widget.js ${(first / KB).toFixed(2)} KB; open chat in all ${(total / KB).toFixed(2)} KB`);
      expect(first).toBeLessThanOrEqual(firstScriptBudget);
      expect(total).toBeLessThanOrEqual(openChatBudget);
    });
  }
});

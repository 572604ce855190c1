import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { isRecord } from '../shared/json.ts';

export interface Sizes {
  readonly name: string;
  readonly files: readonly string[];
  readonly raw: number;
  readonly gzip: number;
  readonly brotli: number;
}

/** The bytes a GET sends with `Accept-Encoding: <encoding>`, as they cross the wire (nothing decoded). */
function servedBytes(url: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': encoding } }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => (response.statusCode === 200 ? resolve(bytes) : reject(new Error(`${url}: ${response.statusCode}`))));
      })
      .on('error', reject);
  });
}

/** widget.js and every chunk the app entry imports statically: what a plain chat loads (as scripts/check-size.mjs counts it). */
function openChatFiles(distDirectory: string): string[] {
  const manifest: unknown = JSON.parse(readFileSync(path.join(distDirectory, '.vite/manifest.json'), 'utf8'));
  if (!isRecord(manifest)) throw new Error('the widget manifest is not an object');
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!isRecord(chunk) || typeof chunk['file'] !== 'string' || files.has(chunk['file'])) return;
    files.add(chunk['file']);
    const imports = chunk['imports'];
    if (Array.isArray(imports)) for (const imported of imports) if (typeof imported === 'string') visit(imported);
  };
  const entry = Object.entries(manifest).find(([, chunk]) => isRecord(chunk) && chunk['isEntry'] === true && chunk['name'] === 'app');
  if (entry === undefined) throw new Error('the widget manifest has no app entry');
  visit(entry[0]);
  return [...files];
}

/** Our first script and plain chat, fetched from the running proxy compressed as it serves them. */
export async function ourSizes(proxyUrl: string, distDirectory: string): Promise<Sizes[]> {
  const measure = async (name: string, paths: readonly string[]): Promise<Sizes> => {
    const totals = { raw: 0, gzip: 0, brotli: 0 };
    for (const file of paths) {
      const url = `${proxyUrl}${file === 'widget.js' ? '/widget.js' : `/widget/${file}`}`;
      totals.raw += await servedBytes(url, 'identity');
      totals.gzip += await servedBytes(url, 'gzip');
      totals.brotli += await servedBytes(url, 'br');
    }
    return { name, files: paths, ...totals };
  };
  return [
    await measure('dify-widget first script', ['widget.js']),
    await measure('dify-widget plain chat', ['widget.js', ...openChatFiles(distDirectory)]),
  ];
}

/** The script (and stylesheet) a page loads for each peer's chat, inside its npm package. */
const peers: readonly { readonly name: string; readonly files: readonly string[]; readonly note?: string }[] = [
  { name: 'flowise-embed', files: ['dist/web.js'] },
  { name: '@n8n/chat', files: ['dist/chat.bundle.es.js', 'dist/style.css'] },
  { name: '@typebot.io/js', files: ['dist/web.js'] },
  { name: '@botpress/webchat', files: ['dist/index.js', 'dist/style.css'], note: 'without React, which the page must add' },
  { name: '@voiceflow/react-chat', files: ['build/index.es.js', 'build/style.css'], note: 'without React, which the page must add' },
];

/** Compressed at the levels our build uses (scripts/precompress.ts), so the comparison is like for like. */
function compressed(bytes: Buffer): { gzip: number; brotli: number } {
  return {
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }).length,
  };
}

/** Each peer's bundle from its npm package (`npm pack` into a temporary folder); a peer that fails is skipped with a notice. */
export function peerSizes(notices: string[]): Sizes[] {
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-peers-'));
  const found: Sizes[] = [];
  try {
    for (const peer of peers) {
      try {
        const tarball =
          execFileSync('npm', ['pack', peer.name, '--silent'], { cwd: folder, encoding: 'utf8', timeout: 60_000 })
            .trim()
            .split('\n')
            .at(-1) ?? '';
        const unpacked = path.join(folder, tarball.replace(/\.tgz$/, ''));
        execFileSync('mkdir', ['-p', unpacked]);
        execFileSync('tar', ['xzf', path.join(folder, tarball), '-C', unpacked]);
        const version: unknown = JSON.parse(readFileSync(path.join(unpacked, 'package/package.json'), 'utf8'));
        const files = peer.files.filter((file) => existsSync(path.join(unpacked, 'package', file)));
        if (files.length === 0) throw new Error(`none of ${peer.files.join(', ')} in the package`);
        const totals = { raw: 0, gzip: 0, brotli: 0 };
        for (const file of files) {
          const bytes = readFileSync(path.join(unpacked, 'package', file));
          const sizes = compressed(bytes);
          totals.raw += bytes.length;
          totals.gzip += sizes.gzip;
          totals.brotli += sizes.brotli;
        }
        const label = `${peer.name}@${isRecord(version) && typeof version['version'] === 'string' ? version['version'] : '?'}`;
        found.push({ name: peer.note === undefined ? label : `${label} (${peer.note})`, files, ...totals });
      } catch (error) {
        notices.push(`peer ${peer.name} skipped: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return found;
}

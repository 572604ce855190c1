// Brotli and gzip copies of every script in the widget build, made once at build time at the highest
// levels, so the proxy serves `widget.js` and the chunks compressed without compressing per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

function scriptsIn(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return name === '.vite' ? [] : scriptsIn(path);
    return name.endsWith('.js') ? [path] : [];
  });
}

/** Writes `<file>.br` and `<file>.gz` next to every `.js` file under `directory`. */
export function precompressDirectory(directory: string): void {
  for (const path of scriptsIn(directory)) {
    const bytes = readFileSync(path);
    writeFileSync(
      `${path}.br`,
      brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }),
    );
    writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Copies mermaid's own prebuilt ES modules (`dist/mermaid.esm.min.mjs` and its chunks, source maps
 * left out) to `assets/mermaid-<version>/` instead of bundling them: mermaid and its dependencies
 * are ~5 MB of code, and bundling them would make every widget build many times slower, for a
 * feature only sites that opt in (`mermaid: on`) ever load. The widget imports it by URL
 * (widget/markdown/mermaid/render-diagram.ts); the version in the path keeps "immutable" caching true.
 */
export function mermaidFiles(): Plugin {
  const require = createRequire(import.meta.url);
  const distDirectory = dirname(require.resolve('mermaid/dist/mermaid.esm.min.mjs'));
  const { version } = JSON.parse(readFileSync(join(distDirectory, '..', 'package.json'), 'utf8')) as { version: string };
  return {
    name: 'dify-widget-mermaid-files',
    apply: 'build',
    config: () => ({ define: { __DIFY_WIDGET_MERMAID_DIRECTORY__: JSON.stringify(`mermaid-${version}`) } }),
    generateBundle() {
      const files = [
        'mermaid.esm.min.mjs',
        ...readdirSync(join(distDirectory, 'chunks/mermaid.esm.min')).map((name) => `chunks/mermaid.esm.min/${name}`),
      ];
      for (const file of files.filter((name) => name.endsWith('.mjs'))) {
        this.emitFile({ type: 'asset', fileName: `assets/mermaid-${version}/${file}`, source: readFileSync(join(distDirectory, file)) });
      }
    },
  };
}

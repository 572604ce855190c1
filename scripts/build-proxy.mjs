#!/usr/bin/env node
// Compiles the proxy (and the demo it loads only in demo mode) to plain JavaScript in dist/proxy/, so
// `npm start` and a production install run `node dist/proxy/main.js`: no TypeScript loader at run time.
// Packages stay external (they are the package's dependencies); only our own modules are bundled.
import { build } from 'vite';

await build({
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  build: {
    ssr: true,
    outDir: 'dist/proxy',
    emptyOutDir: true,
    target: 'node20',
    // Stack traces in the operator's log point at the TypeScript sources.
    sourcemap: true,
    rolldownOptions: {
      // The process entry (`npx dify-widget`, `npm start`) and the library entry (`dify-widget/proxy`).
      input: { main: 'proxy/main.ts', index: 'proxy/index.ts' },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});

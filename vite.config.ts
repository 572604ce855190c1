import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { build, version as viteVersion, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { mermaidFiles } from './scripts/mermaid-files.ts';
import { precompressDirectory } from './scripts/precompress.ts';

// One file for the widget build and for the test projects.
//
// `vite build` makes two outputs in dist/widget/ (served by the proxy):
//   widget.js               the loader: one classic IIFE script, no Preact, served at /widget.js
//   assets/app-[hash].js    the chat as ES-module chunks, served at /widget/assets/… (immutable),
//   assets/…-[hash].js      imported by the loader with import() when the chat is opened or the page is idle.
// The app is built first; the loader is built afterwards with the app's hashed file name baked in.

const outDir = 'dist/widget';
const packageJson = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};
const { version } = packageJson;

// Terser over Vite's default minifier: about 0.5 KB gzip less for the open chat, which sits at its
// 40 KB budget. The `unsafe_*` rewrites assume no getters with side effects on the widget's own
// objects and no code that depends on `Function.prototype.length` of arrows: both hold here.
const terserOptions = {
  ecma: 2020,
  module: true,
  compress: { passes: 3, unsafe_arrows: true, pure_getters: true, unsafe_methods: true },
  format: { comments: false },
} as const;

/**
 * `dify-widget/widget` (dist/module/): the widget as an ES module with its lazy parts as relative
 * chunks, for apps that bundle it; their bundler minifies and hashes. The package's dependencies
 * (Preact, signals, the markdown extras) stay imports, so the app's bundler can share them.
 */
async function buildModule(): Promise<void> {
  const dependencies = Object.keys(packageJson.dependencies);
  await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    plugins: [localeChunks({ directImports: true })],
    build: {
      outDir: 'dist/module',
      emptyOutDir: true,
      copyPublicDir: false,
      modulePreload: false,
      lib: { entry: 'widget/module/index.ts', formats: ['es'], fileName: 'index' },
      rolldownOptions: {
        external: (id: string) => dependencies.some((name) => id === name || id.startsWith(`${name}/`)),
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  });
}

/**
 * One hash for every lazily loaded chunk's name, of everything that goes into them (the widget's
 * sources, the locked dependencies, the tools' versions). The app chunk names each chunk it may
 * import; with one hash repeated, gzip stores it once instead of once per chunk (about 8 bytes each
 * of the open chat's budget). Any change renames them all, so an immutable cache is never stale.
 */
function sourcesHash(): string {
  const digest = createHash('sha256').update(`${version} ${viteVersion}`);
  for (const directory of ['widget', 'shared']) {
    for (const name of readdirSync(directory, { recursive: true, encoding: 'utf8' }).sort()) {
      if (/\.(tsx?|css)$/.test(name)) digest.update(name).update(readFileSync(`${directory}/${name}`));
    }
  }
  return digest.update(readFileSync('package-lock.json')).digest('hex').slice(0, 10);
}

/** Builds widget/loader/index.ts as dist/widget/widget.js once the app chunks exist, then prints the sizes. */
function widgetLoader(): Plugin {
  let appEntry: string | undefined;
  return {
    name: 'dify-widget-loader',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk' && output.isEntry && output.name === 'app') appEntry = output.fileName;
      }
    },
    async closeBundle() {
      if (!appEntry) throw new Error('dify-widget-loader: the app entry chunk was not emitted.');
      await build({
        configFile: false,
        logLevel: 'warn',
        publicDir: false,
        define: {
          __DIFY_WIDGET_APP_ENTRY__: JSON.stringify(appEntry),
          __DIFY_WIDGET_VERSION__: JSON.stringify(version),
        },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          modulePreload: false,
          minify: 'terser',
          terserOptions,
          rolldownOptions: {
            input: 'widget/loader/index.ts',
            output: { format: 'iife', entryFileNames: 'widget.js' },
          },
        },
      });
      await buildModule();
      precompressDirectory(outDir);
      // The size script prints raw and gzip sizes of every file; `npm run size` enforces the budgets.
      spawnSync(process.execPath, ['scripts/check-size.mjs', '--report-only'], { stdio: 'inherit' });
    },
  };
}

/**
 * `virtual:dify-widget-locales` exports `codes` (the languages in widget/i18n/locales/, space
 * separated) and `load(code)`. In the build each language is its own chunk,
 * `assets/locale-<hash>-<code>.js`, with one hash for all of them (of their sources), so the app
 * chunk holds one short URL pattern instead of a table of hashed names, and imports it by URL: a
 * plain `import('./de.ts')` would bring Vite's preload helper into the app chunk (bytes, and a
 * `vite:preloadError` event on the host's window). In tests, dev and the ES module build
 * (`directImports`) the files are imported directly.
 */
function localeChunks({ directImports = false } = {}): Plugin {
  const virtualId = 'virtual:dify-widget-locales';
  const directory = new URL('./widget/i18n/locales/', import.meta.url);
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.ts'))
    .sort();
  const codes = files.map((name) => name.slice(0, -3));
  let building = false;
  let hash = '';
  return {
    name: 'dify-widget-locales',
    configResolved(config) {
      // The ES module build imports the files directly too: the app's bundler then makes the chunks.
      building = config.command === 'build' && !directImports;
    },
    buildStart() {
      if (!building) return;
      // Read on every build (`vite build --watch` too): a changed catalogue gets a new URL, never a stale
      // cache. The lazy chunks' hash: the app chunk then names one hash for all of them.
      for (const name of files) this.addWatchFile(new URL(name, directory).pathname);
      hash = sourcesHash();
      for (const code of codes)
        this.emitFile({ type: 'chunk', id: new URL(`${code}.ts`, directory).pathname, fileName: `assets/locale-${hash}-${code}.js` });
    },
    resolveId: (id) => (id === virtualId ? `\0${virtualId}` : undefined),
    load(id) {
      if (id !== `\0${virtualId}`) return undefined;
      const load = building
        ? // Concatenated, not a template: Vite would turn \`new URL(\`…\${code}\`, import.meta.url)\` into a glob.
          `(code) => import(/* @vite-ignore */ new URL('locale-${hash}-' + code + '.js', import.meta.url).href)`
        : `(code) => ({${codes.map((code) => `${JSON.stringify(code)}: () => import(${JSON.stringify(new URL(`${code}.ts`, directory).pathname)})`).join(', ')}})[code]()`;
      return `export const codes = ${JSON.stringify(codes.join(' '))};\nexport const load = ${load};`;
    },
  };
}

/**
 * Vite wraps every dynamic import() in its preload helper (about 0.7 KB gzip), even with
 * `modulePreload: false` (vitejs/vite#18551). Our lazy chunks have no CSS and nothing to preload:
 * call the loader directly, so the unused helper is dropped by the minifier.
 */
function withoutPreloadHelper(): Plugin {
  return {
    name: 'dify-widget-without-preload-helper',
    apply: 'build',
    enforce: 'post',
    renderChunk(code) {
      if (!code.includes('__vitePreload')) return null;
      // A lazy chunk that imports further chunks (markdown's lazy-parts) imports the helper from the entry,
      // which then exports it: drop that export too, so the minifier can drop the helper.
      const calls = code.replace(/(?<!function\s*|var\s*)__vitePreload\(/g, '((load) => load())(');
      const unexported = calls.replace(/\b__vitePreload as [\w$]+,\s*|,\s*__vitePreload as [\w$]+(?=\s*\})/, '');
      return { code: unexported.replace(/\b[\w$]+ as __vitePreload,\s*|,\s*[\w$]+ as __vitePreload(?=\s*\})/, ''), map: null };
    },
  };
}

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  publicDir: false,
  plugins: [localeChunks(), withoutPreloadHelper(), mermaidFiles(), widgetLoader()],
  build: {
    outDir,
    emptyOutDir: true,
    copyPublicDir: false,
    // Vite's preload helper would add <link rel=modulepreload> tags to the host page: never touch it.
    modulePreload: false,
    minify: 'terser',
    terserOptions,
    // Lets scripts/check-size.mjs follow the static imports of the app entry.
    manifest: true,
    rolldownOptions: {
      input: { app: 'widget/app/index.ts' },
      // The loader calls the entry's `mount` export, so the entry must keep its exports. It may
      // export more: lazily loaded chunks then import the code they share with the chat from the
      // entry, instead of that code moving to a common chunk every chat would fetch (and gzip) apart.
      preserveEntrySignatures: 'allow-extension',
      output: {
        format: 'es',
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: `assets/[name]-${sourcesHash()}.js`,
        assetFileNames: 'assets/[name]-[hash][extname]',
        // Everything but the lazily loaded parts stays in the entry: left alone, the bundler moves
        // what two lazy chunks share with the chat into a common chunk that every chat fetches.
        codeSplitting: {
          groups: [
            {
              name: 'app',
              test: (id: string) =>
                !/widget\/human-input\/|past-conversation|chat-history|conversation-restore|core\/history\.ts|CompletionView|RunStopButton|InputsForm|forms\.css|chat-extras|rare-extras|AnswerActions|answer-actions|FeedbackReason|UndoToast|undo-toast|LengthCounter|widget\/(sources|steps|follow-ups|site|files)\/|lazy-styles|entity-table|footnotes|i18n\/locales\/|i18n\/overrides|widget\/conversations\/|widget\/workflow\/|widget\/completion\/|i18n\/feature-strings|widget\/media\//.test(
                  id,
                ) &&
                // Markdown's lazy parts (math, highlighting, images, diagrams) and every library but the chat's own.
                !/markdown\/(?:math|highlight|mermaid)\/|markdown-image|image-policy|lazy-parts|email-autolinks|node_modules\/(?!preact|@preact|eventsource-parser)/.test(
                  id,
                ),
            },
            // What the completion and workflow views share (Run/Stop, the kept last result): one chunk.
            { name: 'run-shared', test: (id: string) => /widget\/ui\/RunStopButton\.|widget\/completion\/kept-result\./.test(id) },
            // What the upload, microphone and speaker chunks share (strings, transport, icons, styles): one chunk.
            {
              name: 'media-shared',
              test: (id: string) => /widget\/media\/(strings|strings-en|transport|MediaIcon)\.|widget\/media\/media\.css/.test(id),
            },
            // The feature-strings picker every lazy feature uses: its own 0.2 KB chunk, or the bundler puts it in
            // whichever shared chunk comes first (uploads-shared once), and a highlighted answer fetched all of that.
            { name: 'feature-strings', test: (id: string) => /i18n\/feature-strings\./.test(id) },
            // What the chat's attach button and the form's file inputs share (checks, uploads, chips, links): one chunk.
            {
              name: 'uploads-shared',
              test: (id: string) => /widget\/media\/(attachments|upload-rules|AttachmentList|LinkEntry|file-strings)\./.test(id),
            },
          ],
        },
      },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'widget',
          include: ['test/widget/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['test/widget/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/proxy/**/*.test.ts', 'test/bench/**/*.test.ts', 'test/simulator/**/*.test.ts', 'test/conformance/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // No retry: a browser test that needs time waits for a condition (expect.poll, locator waits,
          // simulator events), so a loaded machine makes it slower, never red.
        },
      },
      {
        extends: true,
        test: {
          // Long, bounded runs (soak, load, fault matrix, bad-input corpus): `npm run test:stress`, not `npm test`.
          name: 'stress',
          include: ['test/stress/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // The soak compares the heap after a full collection; gc() exists only with this flag.
          execArgv: ['--expose-gc'],
        },
      },
    ],
  },
});

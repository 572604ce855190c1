#!/usr/bin/env node
// The widget's size and CSP gate. Run after `npm run build`:
//   node scripts/check-size.mjs                 print every file's raw and gzip size, enforce the budgets
//   node scripts/check-size.mjs --report-only   print only (the build runs this)
//
// Budgets (gzip):
//   first script    dist/widget/widget.js                                   ≤ 6 KB
//   open the chat   widget.js + the app entry + every chunk it imports       ≤ 40 KB
//                   statically (Preact, signals, the parser, markdown) + chat-extras (the answer
//                   actions, fetched with the first finished answer): all that is needed to open the chat
//                   and render a streamed markdown answer. A returning visitor also fetches
//                   past-conversation (their history), listed below.
//   each language   assets/locale-<hash>-<code>.js (all but English, fetched   ≤ 3 KB
//                   only when chosen; never part of the two totals above)
//   lazy features   each chunk in `lazyChunkBudgets` below (fetched only by the apps that turn the
//                   feature on; a listed chunk missing from the build fails the gate)
//   markdown parts  fetched when an answer needs them (lazyChunks below): the dispatcher that
//                   decides which, footnotes, math (temml), highlighting (highlight.js), images, e-mail links,
//                   the mermaid loader; mermaid itself is copied prebuilt (assets/mermaid-<version>/,
//                   opt-in, reported as one total and exempt from the CSP gate: it writes <style>)
// CSP gate: no chunk may use eval, new Function or string timers, or create <style> elements; the
// widget must run on a host page whose CSP has no 'unsafe-eval' and no 'unsafe-inline'.
// Number gate: every integer of 8 or more digits in the widget's CSS reaches the build unchanged
// (the CSS minifier keeps numbers as 32-bit floats: it once turned the z-index 2147483647 into
// 2147480000, and host banners at the maximum covered the bubble).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const KB = 1024;
const budgets = { firstScript: 6 * KB, openChat: 40 * KB, language: 3 * KB };
// Lazily loaded parts, by chunk name (assets/<name>-<hash>.js): each must exist (a part folded into the
// app chunk would weigh on every chat) and stay within its budget.
const lazyChunkBudgets = [
  { name: 'chat-extras', why: 'the actions under an answer (with the first finished answer)', budget: 1.5 * KB },
  { name: 'rare-extras', why: 'the dislike reason, Undo after New conversation, the length counter', budget: 1.5 * KB },
  { name: 'past-conversation', why: 'a reopened conversation: past messages, paging, its inputs and waiting forms', budget: 2 * KB },
  { name: 'HumanInputForms', why: 'a paused chatflow form, its strings in every language', budget: 4.5 * KB },
  { name: 'read-form', why: 'narrowing a paused chatflow form (the form and its answering share it)', budget: 1 * KB },
  { name: 'form-run', why: 'answering a paused chatflow form', budget: 1 * KB },
  { name: 'ConversationDrawer', why: 'the conversations drawer', budget: 5.5 * KB },
  { name: 'WorkflowView', why: 'the workflow app view', budget: 2.5 * KB },
  { name: 'CompletionView', why: 'the completion app view', budget: 2.5 * KB },
  { name: 'run-shared', why: 'what the completion and workflow views share: Run/Stop, the kept last result', budget: 1.25 * KB },
  { name: 'AttachFiles', why: 'uploads: attach, paste, drop onto the composer', budget: 1.5 * KB },
  { name: 'FileField', why: 'file and file-list inputs of the form', budget: 1.5 * KB },
  { name: 'uploads-shared', why: 'what attaching and file inputs share: limits, links, uploads, chips, their strings', budget: 5 * KB },
  { name: 'Microphone', why: 'speech to text: recording, WAV encoding', budget: 2.25 * KB },
  { name: 'SpeakerButton', why: 'text to speech of an answer, autoplay with the streamed speech', budget: 1.75 * KB },
  { name: 'media-shared', why: 'what uploads and voice share: strings, transport, icons, styles', budget: 2.75 * KB },
  { name: 'Sources', why: 'citations under an answer', budget: 1.5 * KB },
  { name: 'Steps', why: 'agent thoughts and chatflow steps above an answer', budget: 2.5 * KB },
  { name: 'AnswerFiles', why: 'the files of a chatflow answer: images inline, other files as links', budget: 1 * KB },
  { name: 'dify-file-url', why: 'what the tool images and the answer files share: the Dify file URL check', budget: 0.5 * KB },
  { name: 'FollowUps', why: 'suggested questions after an answer', budget: 0.75 * KB },
  { name: 'SiteNotes', why: 'the /site disclaimer, copyright and privacy link', budget: 0.75 * KB },
  { name: 'lazy-parts', why: 'markdown: which parts an answer needs', budget: 0.5 * KB },
  { name: 'footnotes', why: 'markdown: footnotes', budget: 1 * KB },
  { name: 'math-inline', why: 'markdown: math (temml)', budget: 62 * KB },
  { name: 'highlighted-code', why: 'markdown: highlighting (highlight.js)', budget: 30 * KB },
  { name: 'markdown-image', why: 'markdown: images from allowed hosts', budget: 1 * KB },
  { name: 'email-autolinks', why: 'markdown: e-mail autolinks', budget: 1 * KB },
  { name: 'render-diagram', why: 'markdown: the mermaid loader', budget: 1 * KB },
];
// mermaid's own prebuilt modules (scripts/mermaid-files.ts): opt-in, and they create <style> elements.
const mermaidFiles = /^assets\/mermaid-[\d.]+\//;
const distDirectory = fileURLToPath(new URL('../dist/widget/', import.meta.url));
const widgetSourceDirectory = fileURLToPath(new URL('../widget/', import.meta.url));
const reportOnly = process.argv.includes('--report-only');

const forbidden = [
  { pattern: /\beval\s*\(/, why: 'eval() needs unsafe-eval' },
  { pattern: /\bnew\s+Function\s*\(/, why: 'new Function() needs unsafe-eval' },
  { pattern: /\bset(?:Timeout|Interval)\s*\(\s*["'`]/, why: 'a string timer is eval' },
  { pattern: /createElement\s*\(\s*["'`]style["'`]\s*\)/, why: 'a <style> element needs unsafe-inline; adopt a constructable stylesheet' },
];

function fail(message) {
  console.error(`check-size: ${message}`);
  process.exit(1);
}

function listFiles(directory) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    // The .br and .gz copies are the same scripts, compressed for serving (scripts/precompress.mjs).
    if (name === '.vite' || name === 'node_modules' || name.endsWith('.br') || name.endsWith('.gz')) return [];
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function measure(path) {
  const bytes = readFileSync(path);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

function format(bytes) {
  return `${(bytes / KB).toFixed(2)} KB`.padStart(10);
}

/** The app entry and every chunk it imports statically, from Vite's manifest. */
function openChatFiles() {
  const manifestPath = join(distDirectory, '.vite/manifest.json');
  if (!existsSync(manifestPath)) fail('dist/widget/.vite/manifest.json is missing; run `npm run build` first.');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry && chunk.name === 'app');
  if (!entry) fail('the manifest has no "app" entry chunk.');
  const files = new Set();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
    for (const css of chunk.css ?? []) files.add(css);
  };
  visit(entry[0]);
  return ['widget.js', ...files];
}

if (!existsSync(join(distDirectory, 'widget.js'))) fail('dist/widget/widget.js is missing; run `npm run build` first.');

const files = listFiles(distDirectory).sort();
const sizes = new Map(files.map((path) => [relative(distDirectory, path), measure(path)]));
console.log('\nWidget files (dist/widget/)            raw        gzip');
for (const [name, size] of sizes) console.log(`  ${name.padEnd(34)}${format(size.raw)}  ${format(size.gzip)}`);

// chat-extras is lazy only in form: every chat fetches it with its first finished answer (the actions row).
const openChat = [...openChatFiles(), ...[...sizes.keys()].filter((name) => /^assets\/chat-extras-[\w-]+\.js$/.test(name))];
if (openChat.some((name) => name.includes('locale-'))) fail('a language chunk is imported statically: it must load on demand.');
const total = (names) => names.reduce((sum, name) => sum + (sizes.get(name)?.gzip ?? 0), 0);
const totalRaw = (names) => names.reduce((sum, name) => sum + (sizes.get(name)?.raw ?? 0), 0);
const firstScript = sizes.get('widget.js');
const checks = [
  { label: 'first script (widget.js)', raw: firstScript.raw, gzip: firstScript.gzip, budget: budgets.firstScript },
  {
    label: `open chat + markdown answer (${openChat.length} files)`,
    raw: totalRaw(openChat),
    gzip: total(openChat),
    budget: budgets.openChat,
  },
  ...[...sizes]
    .filter(([name]) => /^assets\/locale-[\w-]+\.js$/.test(name))
    .map(([name, size]) => ({
      label: `language ${name.replace(/^assets\/locale-[\w]+-|\.js$/g, '')}`,
      raw: size.raw,
      gzip: size.gzip,
      budget: budgets.language,
    })),
  ...lazyChunkBudgets.map(({ name, why, budget }) => {
    const found = [...sizes].find(([file]) => file.startsWith(`assets/${name}-`) && file.endsWith('.js'));
    if (!found) fail(`the lazy chunk ${name} (${why}) is missing: is it still listed in vite.config.ts's codeSplitting groups?`);
    return { label: `lazy ${name}`, raw: found[1].raw, gzip: found[1].gzip, budget };
  }),
  {
    label: 'mermaid, prebuilt (opt-in, loaded in parts)',
    raw: totalRaw([...sizes.keys()].filter((name) => mermaidFiles.test(name))),
    gzip: total([...sizes.keys()].filter((name) => mermaidFiles.test(name))),
    budget: undefined,
  },
  { label: 'everything in dist/widget', raw: totalRaw([...sizes.keys()]), gzip: total([...sizes.keys()]), budget: undefined },
];
console.log('\nBudgets (gzip)');
let overBudget = false;
for (const check of checks) {
  const verdict =
    check.budget === undefined
      ? ''
      : check.gzip <= check.budget
        ? `ok (≤ ${format(check.budget).trim()})`
        : `OVER BUDGET (> ${format(check.budget).trim()})`;
  if (check.budget !== undefined && check.gzip > check.budget) overBudget = true;
  console.log(`  ${check.label.padEnd(44)}${format(check.raw)} raw ${format(check.gzip)} gzip  ${verdict}`);
}

const violations = [];
for (const [name] of sizes) {
  if (!/\.m?js$/.test(name) || mermaidFiles.test(name)) continue;
  const text = readFileSync(join(distDirectory, name), 'utf8');
  for (const { pattern, why } of forbidden) if (pattern.test(text)) violations.push(`${name}: ${why} (matched ${pattern})`);
}
console.log(violations.length === 0 ? '\nCSP: no eval, new Function, string timers or <style> elements in any chunk.' : '');
for (const violation of violations) console.error(`CSP: ${violation}`);

/** Integers of 8+ digits written in the widget's CSS that no built chunk carries verbatim. */
function roundedCssNumbers() {
  const builtText = [...sizes.keys()]
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(distDirectory, name), 'utf8'))
    .join('\n');
  const lost = [];
  for (const path of listFiles(widgetSourceDirectory).filter((file) => file.endsWith('.css'))) {
    const css = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const [number] of css.matchAll(/(?<![\w.#-])\d{8,}(?![\w.])/g)) {
      if (!new RegExp(`(?<![\\w.])${number}(?![\\w.])`).test(builtText)) lost.push(`${relative(widgetSourceDirectory, path)}: ${number}`);
    }
  }
  return lost;
}
const lostNumbers = roundedCssNumbers();
console.log(lostNumbers.length === 0 ? 'Numbers: every long integer in the widget CSS is in the build unchanged.\n' : '');
for (const lost of lostNumbers) console.error(`Numbers: widget/${lost} is not in the build (the CSS minifier rounded it)`);

if (!reportOnly && (overBudget || violations.length > 0 || lostNumbers.length > 0)) {
  if (overBudget) fail('a size budget is exceeded; make the widget smaller or explain a raised budget in the commit.');
  if (violations.length > 0) fail('the built widget would break on a strict-CSP page.');
  fail(
    'a number in the widget CSS was changed by minification; write one the minifier keeps (see the comment in widget/shared/launcher.css).',
  );
}

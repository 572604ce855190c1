/**
 * Benchmark (not a test): streams a ~10 KB markdown answer in 3-character tokens into a happy-dom
 * document and reports the render cost per token, for the incremental renderer and for a naive
 * renderer that re-parses the whole answer on every token (same element renderer, same Preact diff).
 *
 *   npx tsx test/widget/markdown/render-cost.ts [answerLength] [tokenSize]
 */
import { Window } from 'happy-dom';

const happyWindow = new Window();
Object.assign(globalThis, { window: happyWindow, document: happyWindow.document, navigator: happyWindow.navigator });

const { h, render } = await import('preact');
const { Markdown } = await import('../../../widget/markdown/index.ts');
const { parseBlocks } = await import('../../../widget/markdown/block-parser.ts');
const { renderBlocks } = await import('../../../widget/markdown/render-blocks.tsx');
const { sampleAnswer, tokens } = await import('./sample-answer.ts');

const answerLength = Number(process.argv[2] ?? 10_000);
const tokenSize = Number(process.argv[3] ?? 3);

function naive(props: { source: string }) {
  return h('div', { class: 'dw-md' }, renderBlocks(parseBlocks(props.source)));
}

interface Result {
  totalMs: number;
  perToken: number[];
  html: string;
}

function stream(source: string, renderPrefix: (prefix: string, streaming: boolean, container: Element) => void): Result {
  const container = document.createElement('div');
  document.body.append(container);
  const perToken: number[] = [];
  let prefix = '';
  const started = performance.now();
  for (const token of tokens(source, tokenSize)) {
    prefix += token;
    const tokenStarted = performance.now();
    renderPrefix(prefix, true, container);
    perToken.push(performance.now() - tokenStarted);
  }
  renderPrefix(source, false, container);
  const totalMs = performance.now() - started;
  const html = container.innerHTML;
  render(null, container);
  container.remove();
  return { totalMs, perToken, html };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

function describe(name: string, result: Result): void {
  const { perToken } = result;
  const mean = perToken.reduce((sum, value) => sum + value, 0) / perToken.length;
  const lastTenth = perToken.slice(Math.floor(perToken.length * 0.9));
  const lateMean = lastTenth.reduce((sum, value) => sum + value, 0) / lastTenth.length;
  console.log(
    `${name.padEnd(22)} total ${result.totalMs.toFixed(0).padStart(6)} ms | per token mean ${mean.toFixed(3)} ms, ` +
      `p50 ${percentile(perToken, 0.5).toFixed(3)}, p95 ${percentile(perToken, 0.95).toFixed(3)}, ` +
      `max ${Math.max(...perToken).toFixed(2)} | last 10% of tokens mean ${lateMean.toFixed(3)} ms`,
  );
}

const source = sampleAnswer(answerLength);
console.log(
  `answer ${source.length} characters, ${Math.ceil(source.length / tokenSize)} tokens of ${tokenSize} characters (happy-dom, Node ${process.version})`,
);
// Warm up both paths so the JIT has compiled them before measuring.
stream(sampleAnswer(2_000), (prefix, streaming, container) => render(h(Markdown, { source: prefix, streaming }), container));
stream(sampleAnswer(2_000), (prefix, _streaming, container) => render(h(naive, { source: prefix }), container));

const incremental = stream(source, (prefix, streaming, container) => render(h(Markdown, { source: prefix, streaming }), container));
const full = stream(source, (prefix, _streaming, container) => render(h(naive, { source: prefix }), container));
describe('incremental (chunks)', incremental);
describe('full re-parse', full);
console.log(`same final DOM: ${incremental.html === full.html}`);

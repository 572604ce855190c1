import type { Check } from './report.ts';
import { verdict } from './stats.ts';
import { measureInBrowser } from './widget-browser.ts';
import { ourSizes, peerSizes, type Sizes } from './widget-sizes.ts';

const longTask = (ms: number) => (ms === 0 ? 'none ≥ 50 ms' : `${ms.toFixed(0)} ms`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

function sizeTable(sizes: readonly Sizes[]): string[] {
  return [
    '| bundle | raw | gzip | brotli |',
    '|---|---|---|---|',
    ...sizes.map(
      (size) =>
        `| ${size.name} (${size.files.length} file${size.files.length === 1 ? '' : 's'}) | ${kb(size.raw)} | ${kb(size.gzip)} | ${kb(size.brotli)} |`,
    ),
  ];
}

/** The widget's figures: sizes as the proxy serves them next to the peers', then the browser run. */
export async function measureWidget(
  proxyUrl: string,
  hostUrl: string,
  notices: string[],
  say: (line: string) => void,
): Promise<{ lines: string[]; checks: Check[] }> {
  const distDirectory = new URL('../dist/widget/', import.meta.url).pathname;
  const sizes = [...(await ourSizes(proxyUrl, distDirectory)), ...peerSizes(notices)];
  say('widget sizes measured');
  const lines = [
    'Sizes as served (ours: fetched from the proxy with `Accept-Encoding`; peers: their npm package, compressed at the same levels):',
    '',
    ...sizeTable(sizes),
    '',
  ];
  const checks: Check[] = [];
  const figures = await measureInBrowser(proxyUrl, hostUrl).catch((error: unknown) => ({
    skipped: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
  }));
  if ('skipped' in figures) {
    notices.push(`browser figures skipped: ${figures.skipped}`);
    return { lines, checks };
  }
  say('widget browser figures measured');
  lines.push(
    `In Chromium with 4× CPU throttling, a ${figures.tokens.toLocaleString('en')}-token markdown answer at 200 tokens/s:`,
    '',
    '| figure | value |',
    '|---|---|',
    `| bubble painted after navigation start | ${figures.bubblePaintMs.toFixed(0)} ms |`,
    `| script time per token, first 10% | ${figures.firstTenthUsPerToken.toFixed(0)} µs |`,
    `| script time per token, last 10% | ${figures.lastTenthUsPerToken.toFixed(0)} µs |`,
    `| longest task while the answer streams | ${longTask(figures.longestTaskMs)}${figures.longestTaskMs === 0 ? '' : `, beginning ${figures.longestTaskAfterSendMs.toFixed(0)} ms after sending`} |`,
    `| longest task of the visit (page, script and chat chunk loading included) | ${longTask(figures.longestTaskOverallMs)} |`,
    '',
  );
  const growth = figures.lastTenthUsPerToken / figures.firstTenthUsPerToken;
  checks.push(
    {
      goal: 'widget: no long task over 50 ms while streaming',
      measured: longTask(figures.longestTaskMs),
      ...verdict(figures.longestTaskMs, 50),
    },
    {
      goal: 'widget: no long task over 50 ms, whole visit',
      measured: longTask(figures.longestTaskOverallMs),
      ...verdict(figures.longestTaskOverallMs, 50),
    },
    { goal: 'widget: last 10% of tokens ≤ 1.5× the first', measured: `${growth.toFixed(2)}×`, ...verdict(growth, 1.5) },
  );
  return { lines, checks };
}

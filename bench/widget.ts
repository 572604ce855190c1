import type { Check } from './report.ts';

/** The widget's figures: sizes as the proxy serves them, the peers', and the browser run (filled in below). */
export async function measureWidget(
  _proxyUrl: string,
  _notices: string[],
  _say: (line: string) => void,
): Promise<{ lines: string[]; checks: Check[] }> {
  return { lines: [], checks: [] };
}

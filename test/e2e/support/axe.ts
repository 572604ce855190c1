import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);

let axeSource: string | undefined;

/** One axe finding, reduced to what a failure message needs. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function toFindings(raw: unknown): AxeFinding[] {
  if (!Array.isArray(raw)) throw new Error('axe.run returned no violations array');
  return raw.filter(isRecord).map((violation) => ({
    id: String(violation.id),
    impact: String(violation.impact ?? 'unknown'),
    help: String(violation.help),
    targets: Array.isArray(violation.nodes) ? violation.nodes.filter(isRecord).map((node) => JSON.stringify(node.target)) : [],
  }));
}

/**
 * Runs axe-core inside the page, scoped to `selector` (axe walks into open shadow roots), and returns
 * the violations. Injected from node_modules so the test needs no network.
 */
export async function runAxe(page: Page, selector: string): Promise<AxeFinding[]> {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  const raw = await page.evaluate(async (scope) => {
    const axe = Reflect.get(window, 'axe');
    const result = await axe.run(
      { include: [[scope]] },
      { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } },
    );
    return result.violations;
  }, selector);
  return toFindings(raw);
}

/** Only the findings that block people: serious and critical. */
export const seriousFindings = (findings: readonly AxeFinding[]): AxeFinding[] =>
  findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');

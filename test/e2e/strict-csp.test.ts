import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage } from './support/pages.ts';
import { ask, settledAnswer, watchCspConsole, widgetParts } from './support/widget.ts';

const e2e = useBrowserStack();

/** What a careful site sends: nothing inline, no eval, scripts and calls only to the proxy. */
const strictPolicy = [
  "default-src 'none'",
  'script-src __PROXY__',
  'connect-src __PROXY__',
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

function toViolations(value: unknown): Violation[] {
  if (!Array.isArray(value)) throw new Error('the violation recorder did not run');
  return value.map((entry: unknown) => {
    const record = typeof entry === 'object' && entry !== null ? entry : {};
    const field = (name: string) => String(Reflect.get(record, name) ?? '');
    return { directive: field('directive'), blocked: field('blocked'), sample: field('sample') };
  });
}

const policies = [
  ['no unsafe-inline, no unsafe-eval, script-src only the proxy', strictPolicy],
  ['the same plus Trusted Types enforced for every DOM sink', `${strictPolicy}; require-trusted-types-for 'script'; trusted-types 'none'`],
] as const;

describe('a host page with a strict Content Security Policy', () => {
  for (const [name, policy] of policies)
    it(`runs the widget end to end with no CSP violation (${name})`, async () => {
      // Recorded from before the first byte of the page; init scripts are injected by the browser, not
      // by the page, so the policy does not apply to this recorder itself.
      await e2e.page.addInitScript(() => {
        const violations: { directive: string; blocked: string; sample: string }[] = [];
        Reflect.set(window, '__cspViolations', violations);
        document.addEventListener('securitypolicyviolation', (event) => {
          violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
        });
      });
      const cspConsoleLines = watchCspConsole(e2e.page);
      const body = `<main><link rel="stylesheet" href="/assets/strict-host.css">
      <h1>Strict CSP shop</h1>
      <p id="control" style="color: red">A control: this inline style attribute must be refused and reported.</p></main>`;
      const url = e2e.host.addPage('/strict', { html: hostPage({ body }), headers: { 'Content-Security-Policy': policy } });
      await e2e.page.goto(url);

      const widget = widgetParts(e2e.page);
      await widget.launcher.click();
      await expect.poll(() => widget.panel.isVisible()).toBe(true);
      await ask(widget, 'echo: Works under **strict** CSP, with `code` and a [link](https://example.com).');
      expect(await settledAnswer(widget)).toEqual({ status: 'ready', text: expect.stringContaining('Works under strict CSP') });
      // The answer is styled (the widget's sheet applied): bold text really is bold.
      const boldWeight = await widget.answers
        .last()
        .locator('strong')
        .evaluate((element) => getComputedStyle(element).fontWeight);
      expect(Number(boldWeight)).toBeGreaterThanOrEqual(600);
      // The full entity table is a lazily imported chunk: it loads under the policy too.
      await ask(widget, 'echo: A &HilbertSpace; and x<sup>2</sup>.');
      await expect.poll(() => widget.answers.last().textContent()).toContain('A ℋ and x2.');
      expect(await widget.answers.last().locator('sup').count()).toBe(1);
      const launcherBackground = await widget.launcher.evaluate((element) => getComputedStyle(element).backgroundColor);
      expect(launcherBackground).not.toBe('rgba(0, 0, 0, 0)');

      const violations = toViolations(await e2e.page.evaluate(() => Reflect.get(window, '__cspViolations')));
      // The control proves the recorder sees violations; nothing else may appear.
      expect(violations.filter((violation) => violation.directive === 'style-src-attr').length).toBe(1);
      expect(violations.filter((violation) => violation.directive !== 'style-src-attr')).toEqual([]);
      expect(cspConsoleLines.filter((line) => !line.includes("style-src 'self'") || !line.includes('inline style'))).toEqual([]);

      if (policy.includes('require-trusted-types-for')) {
        // Control: the policy really is enforced, so a plain string into innerHTML is refused.
        const sink = await e2e.page.evaluate(() => {
          try {
            document.createElement('div').innerHTML = '<b>x</b>';
            return 'allowed';
          } catch {
            return 'refused';
          }
        });
        expect(sink).toBe('refused');
      }
    });
});

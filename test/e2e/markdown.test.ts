import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage } from './support/pages.ts';
import { ask, settledAnswer, watchCspConsole, widgetParts, type WidgetParts } from './support/widget.ts';

// Every markdown feature models write, streamed by the simulator in pieces of one to four characters
// (`echo:`), on a phone, in real Chromium with the built widget and its lazily loaded parts.
const phone = { width: 375, height: 667 };
const e2e = useBrowserStack({ context: { viewport: phone, isMobile: true, hasTouch: true, deviceScaleFactor: 1 } });

function featureAnswer(hostOrigin: string): string {
  return [
    '<think>',
    'The visitor wants formulas, code and a table.',
    '</think>',
    'Euler: $e^{i\\pi} + 1 = 0$, with a thin space in \\(a\\,b\\); prices like $5 and $10 stay text.',
    '',
    '$$',
    '\\int_0^1 x^2\\,dx = \\frac{1}{3}',
    '$$',
    '',
    '```python',
    'def area(radius):',
    '    return 3.14159 * radius ** 2  # <b>not bold</b>',
    '```',
    '',
    '| Language | Internationalization | Localization | Accessibility | Performance |',
    '| --- | --- | --- | --- | --- |',
    '| English | supported | supported | supported | measured |',
    '',
    'A claim with a source[^1].',
    '',
    `![bar chart](${hostOrigin}/assets/chart.svg) and ![secret pixel](https://evil.example/pixel.png?q=secret)`,
    '',
    '[^1]: The source of the claim.',
  ].join('\n');
}

/** The answer's markdown without the reasoning fold (its summary says how long it took, which differs on reload). */
const answerBody = (widget: WidgetParts) =>
  widget.answers
    .last()
    .locator('.dw-md')
    .evaluate((root) =>
      [...root.children]
        .filter((child) => !child.classList.contains('dw-md-think'))
        .map((child) => child.outerHTML)
        .join(''),
    );

/** Waits until every lazily loaded part has changed the answer (math, highlighting, images, footnotes). */
async function allPartsIn(widget: WidgetParts): Promise<void> {
  const answer = widget.answers.last();
  await expect.poll(() => answer.locator('math').count(), { timeout: 30_000 }).toBe(3);
  await expect.poll(() => answer.locator('.hljs-keyword').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => answer.locator('img').count(), { timeout: 30_000 }).toBe(1);
  await expect.poll(() => answer.locator('sup').count(), { timeout: 30_000 }).toBe(1);
}

async function openWidget(page: Page, url: string): Promise<WidgetParts> {
  await page.goto(url);
  const widget = widgetParts(page);
  await widget.launcher.click();
  await widget.input.waitFor({ state: 'visible' });
  return widget;
}

describe('markdown as models write it, streamed into a phone', () => {
  it('draws reasoning, math, highlighted code, a scrolling table, footnotes and only allowed images, and ends with the one-shot DOM', async () => {
    const requested: string[] = [];
    e2e.page.on('request', (request) => requested.push(request.url()));
    const hostName = new URL(e2e.host.origin).host;
    const url = e2e.host.addPage('/', { html: hostPage({ widget: { data: { 'image-hosts': hostName } } }) });
    const widget = await openWidget(e2e.page, url);
    await ask(widget, `echo: ${featureAnswer(e2e.host.origin)}`);
    expect((await settledAnswer(widget, 30_000)).status).toBe('ready');
    await allPartsIn(widget);
    const answer = widget.answers.last();

    // Reasoning folded; MathML, inline and displayed, with `\,` kept for TeX (a thin space, not a comma).
    expect(await answer.locator('details.dw-md-think > summary').innerText()).toMatch(/^Thought/);
    const maths = await answer
      .locator('math')
      .evaluateAll((elements) =>
        elements.map((element) => ({ namespace: element.namespaceURI, display: element.getAttribute('display') })),
      );
    expect(maths).toEqual([
      { namespace: 'http://www.w3.org/1998/Math/MathML', display: null },
      { namespace: 'http://www.w3.org/1998/Math/MathML', display: null },
      { namespace: 'http://www.w3.org/1998/Math/MathML', display: 'block' },
    ]);
    expect(await answer.locator('math mspace').count()).toBeGreaterThanOrEqual(2);
    expect(await answer.innerText()).toContain('prices like $5 and $10 stay text');

    // Highlighted code: coloured tokens, markup in the code is text, Copy still there.
    const code = answer.locator('pre code');
    expect(await code.locator('.hljs-keyword').first().innerText()).toBe('def');
    expect(await code.innerText()).toContain('# <b>not bold</b>');
    expect(await code.locator('b').count()).toBe(0);
    const keywordColour = await code
      .locator('.hljs-keyword')
      .first()
      .evaluate((element) => getComputedStyle(element).color);
    expect(keywordColour).not.toBe(await code.evaluate((element) => getComputedStyle(element).color));

    // The wide table scrolls sideways inside its box; its words are not broken letter by letter.
    const table = await answer.locator('.dw-md-table').evaluate((wrapper) => {
      const cell = [...wrapper.querySelectorAll('th')].find((th) => th.textContent === 'Internationalization');
      const range = document.createRange();
      if (cell) range.selectNodeContents(cell);
      return { scrollWidth: wrapper.scrollWidth, clientWidth: wrapper.clientWidth, lines: range.getClientRects().length };
    });
    expect(table.scrollWidth).toBeGreaterThan(table.clientWidth);
    expect(table.lines).toBe(1);
    const panelBox = await widget.panel.boundingBox();
    expect(panelBox?.width).toBeLessThanOrEqual(phone.width);

    // Footnote: a superscript number and the note after a rule.
    expect(await answer.locator('sup').innerText()).toBe('1');
    expect(await answer.locator('hr + ol > li').innerText()).toBe('The source of the claim.');

    // Images: the allowed host's loads lazily without a referrer; the other stays a link and is never fetched.
    const image = answer.locator('img');
    expect(await image.getAttribute('src')).toBe(`${e2e.host.origin}/assets/chart.svg`);
    expect(await image.getAttribute('alt')).toBe('bar chart');
    expect(await image.getAttribute('loading')).toBe('lazy');
    expect(await image.getAttribute('referrerpolicy')).toBe('no-referrer');
    const refused = answer.locator('a.dw-md-image-link');
    expect(await refused.innerText()).toContain('secret pixel');
    expect(await refused.getAttribute('href')).toBe('https://evil.example/pixel.png?q=secret');
    expect(requested.filter((address) => address.includes('evil.example'))).toEqual([]);

    // The streamed answer's DOM is exactly the DOM of the same answer rendered whole (from history).
    const streamed = await answerBody(widget);
    await e2e.page.reload();
    const reloaded = widgetParts(e2e.page);
    await reloaded.launcher.click();
    await expect.poll(() => reloaded.answers.count(), { timeout: 30_000 }).toBe(1);
    await allPartsIn(reloaded);
    expect(await answerBody(reloaded)).toBe(streamed);
  });

  it('renders math and highlighted code on a strict-CSP page with no violation', async () => {
    await e2e.page.addInitScript(() => {
      const violations: string[] = [];
      Reflect.set(window, '__cspViolations', violations);
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.effectiveDirective} ${event.blockedURI}`));
    });
    const cspConsoleLines = watchCspConsole(e2e.page);
    const policy = [
      "default-src 'none'",
      'script-src __PROXY__',
      'connect-src __PROXY__',
      "style-src 'self'",
      "img-src 'self' data:",
      "base-uri 'none'",
      "require-trusted-types-for 'script'",
      "trusted-types 'none'",
    ].join('; ');
    const url = e2e.host.addPage('/strict', { html: hostPage(), headers: { 'Content-Security-Policy': policy } });
    const widget = await openWidget(e2e.page, url);
    await ask(
      widget,
      'echo: Area: $\\pi r^2$ and\n\n$$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$\n\n```js\nconst area = (r) => Math.PI * r ** 2;\n```',
    );
    expect((await settledAnswer(widget, 30_000)).status).toBe('ready');
    const answer = widget.answers.last();
    await expect.poll(() => answer.locator('math').count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => answer.locator('.hljs-keyword').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // The adopted math stylesheet applies (displayed math is a block), and token colours differ from the text.
    expect(await answer.locator('math[display="block"]').evaluate((element) => getComputedStyle(element).display)).toMatch(/block/);
    const colours = await answer
      .locator('pre code')
      .evaluate((element) => [getComputedStyle(element).color, getComputedStyle(element.querySelector('.hljs-keyword') ?? element).color]);
    expect(colours[0]).not.toBe(colours[1]);
    expect(await e2e.page.evaluate(() => Reflect.get(window, '__cspViolations'))).toEqual([]);
    expect(cspConsoleLines).toEqual([]);
  });

  const diagram = 'echo: ```mermaid\ngraph LR\n  A[Visitor] --> B[Proxy]\n  B --> C[Dify]\n```\n\n```js\nconst x = 1;\n```';

  it('draws a mermaid fence as an image where the site owner opts in, touching the page only while it draws', async () => {
    const url = e2e.host.addPage('/', { html: hostPage({ widget: { data: { mermaid: 'on' } } }) });
    const widget = await openWidget(e2e.page, url);
    const bodyBefore = await e2e.page.evaluate(() => document.body.children.length);
    await ask(widget, diagram);
    expect((await settledAnswer(widget, 30_000)).status).toBe('ready');
    const image = widget.answers.last().locator('.dw-md-diagram img');
    await expect.poll(() => image.count(), { timeout: 60_000 }).toBe(1);
    expect(await image.getAttribute('alt')).toBe('Diagram: graph LR');
    expect(await image.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect((await image.boundingBox())?.width).toBeGreaterThan(100);
    expect(await e2e.page.evaluate(() => document.body.children.length)).toBe(bodyBefore);
  }, 90_000);

  it('leaves a mermaid fence a code block without the option', async () => {
    const widget = await openWidget(e2e.page, e2e.host.addPage('/', { html: hostPage() }));
    await ask(widget, diagram);
    expect((await settledAnswer(widget, 30_000)).status).toBe('ready');
    const answer = widget.answers.last();
    // The highlighting chunk (which would draw diagrams) is in: the js fence is coloured.
    await expect.poll(() => answer.locator('.hljs-keyword').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await answer.locator('img').count()).toBe(0);
    expect(await answer.locator('code.language-mermaid').innerText()).toContain('A[Visitor] --> B[Proxy]');
  });
});

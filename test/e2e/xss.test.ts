import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './support/browser-stack.ts';
import { openChatOnHostPage, sendFromHostPage, settledAnswer } from './support/widget.ts';
import { xssControlOutput, xssControls, xssCorpus } from './support/xss-corpus.ts';

// 1 ms between chunks: the corpus is long, and streaming is proven elsewhere.
const e2e = useBrowserStack({ stack: { simulator: { chunkDelayMs: 1 } } });

/** Everything in the widget's shadow DOM that could run script or restyle things, found by walking it. */
async function scanShadowDom(target: Page) {
  return target.evaluate(() => {
    const executableTags = new Set([
      'SCRIPT',
      'IFRAME',
      'FRAME',
      'FRAMESET',
      'OBJECT',
      'EMBED',
      'APPLET',
      'BASE',
      'META',
      'LINK',
      'STYLE',
      'FORM',
      'INPUT',
      'TEXTAREA',
      'SELECT',
      'BUTTON',
      'SVG',
      'MATH',
      'TEMPLATE',
      'NOSCRIPT',
      'VIDEO',
      'AUDIO',
      'SOURCE',
      'DETAILS',
      'MARQUEE',
      'BODY',
    ]);
    const urlAttributes = ['href', 'xlink:href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'poster', 'background', 'srcset'];
    const findings: string[] = [];
    const anchors: { href: string; rel: string; text: string }[] = [];
    const describe = (element: Element) => `<${element.tagName.toLowerCase()}> "${(element.textContent ?? '').slice(0, 40)}"`;

    const walk = (root: ShadowRoot | Element, inContent: boolean) => {
      for (const element of Array.from(root.querySelectorAll('*'))) {
        // Content: the rendered answers (.dw-md) and the visitor's own echoed text.
        const content = inContent || element.closest('.dw-md, [part~="user-message"]') !== null;
        for (const attribute of Array.from(element.attributes)) {
          const name = attribute.name.toLowerCase();
          if (name.startsWith('on')) findings.push(`${name} attribute on ${describe(element)}`);
          if (content && name === 'style') findings.push(`style attribute from content on ${describe(element)}: ${attribute.value}`);
        }
        if (content) {
          // The renderer's own Copy button on code blocks is widget UI, not content.
          const ownControl = element.tagName === 'BUTTON' && element.classList.contains('dw-md-copy');
          if (executableTags.has(element.tagName.toUpperCase()) && !ownControl) findings.push(`element from content: ${describe(element)}`);
          for (const name of urlAttributes) {
            const value = element.getAttribute(name);
            if (value === null) continue;
            if (name !== 'href' || element.tagName !== 'A') findings.push(`${name}="${value}" on ${describe(element)}`);
          }
        }
        if (element.tagName === 'A' && element.hasAttribute('href')) {
          anchors.push({
            href: element.getAttribute('href') ?? '',
            rel: element.getAttribute('rel') ?? '',
            text: element.textContent ?? '',
          });
        }
        if (element.shadowRoot) walk(element.shadowRoot, content);
      }
    };
    const host = document.querySelector('dify-widget');
    if (!host?.shadowRoot) return { findings: ['no widget shadow root'], anchors, contentBlocks: 0, styleElements: 0 };
    walk(host.shadowRoot, false);
    return {
      findings,
      anchors,
      contentBlocks: host.shadowRoot.querySelectorAll('.dw-md').length,
      styleElements: host.shadowRoot.querySelectorAll('style').length,
    };
  });
}

describe('model output is never HTML', () => {
  it(`renders a ${xssCorpus.length}-vector XSS corpus from the model without running script, opening a dialog or leaving executable markup`, async () => {
    const dialogs: string[] = [];
    e2e.page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const popups: string[] = [];
    e2e.context.on('page', (popup) => popups.push(popup.url()));

    const widget = await openChatOnHostPage(e2e);
    const bodyBackground = await e2e.page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    const outputs = [xssControlOutput, ...xssCorpus.map((vector) => vector.output)];
    for (const [index, output] of outputs.entries()) {
      // The JS API sends exactly this text; the simulator's echo: streams it back as the answer.
      await sendFromHostPage(e2e.page, `echo: ${output}`);
      await expect.poll(() => widget.answers.count()).toBe(index + 1);
      const answer = await settledAnswer(widget);
      expect(answer.status, `answer to ${output}`).toBe('ready');
    }

    // Hover and focus everything in the answers, where handlers such as onmouseover would fire.
    const answerLinks = widget.answers.locator('a');
    for (const link of await answerLinks.all()) await link.hover();

    const scan = await scanShadowDom(e2e.page);
    expect(scan.findings).toEqual([]);
    expect(scan.contentBlocks).toBe(outputs.length);
    for (const anchor of scan.anchors) {
      expect(new URL(anchor.href).protocol, `link "${anchor.text}" → ${anchor.href}`).toMatch(/^(https?|mailto):$/);
      if (!anchor.href.startsWith('mailto:')) expect(anchor.rel, `rel of ${anchor.href}`).toMatch(/noopener/);
      expect(anchor.rel, `rel of ${anchor.href}`).toMatch(/noreferrer/);
    }
    // The controls prove content is rendered (as links), not merely dropped.
    expect(scan.anchors).toContainEqual(expect.objectContaining({ href: xssControls.safeLinkUrl, text: xssControls.safeLinkText }));
    expect(scan.anchors).toContainEqual(expect.objectContaining({ href: xssControls.mailUrl, text: xssControls.mailText }));

    expect(await e2e.page.evaluate(() => Reflect.get(window, '__xssCanary'))).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(popups).toEqual([]);
    // Nothing escaped into the host document: no new style, no restyled body.
    expect(await e2e.page.evaluate(() => document.querySelectorAll('style, iframe, object, embed').length)).toBe(0);
    expect(await e2e.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(bodyBackground);
    expect(await widget.launcher.isVisible()).toBe(true);
  });
});

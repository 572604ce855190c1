import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { BrowserStack } from './browser-stack.ts';
import { hostPage } from './pages.ts';

/**
 * How the suite finds the widget's parts. Playwright's CSS engine pierces open shadow roots, and the
 * widget marks its parts with `part="…"` (its documented styling hooks), so these are stable selectors.
 */
export interface WidgetParts {
  /** The `<dify-widget>` host element in the page. */
  host: Locator;
  launcher: Locator;
  panel: Locator;
  input: Locator;
  send: Locator;
  stop: Locator;
  answers: Locator;
  userMessages: Locator;
  retry: Locator;
  problem: Locator;
  close: Locator;
}

/** The parts of the widget for `app` (the proxy's default app when omitted). */
export function widgetParts(page: Page, app?: string): WidgetParts {
  const host = page.locator(`dify-widget[data-app="${app ?? 'default'}"]`);
  const part = (name: string) => host.locator(`[part~="${name}"]`);
  return {
    host,
    launcher: part('launcher'),
    panel: part('panel'),
    input: part('input'),
    send: part('send'),
    stop: part('stop'),
    answers: part('assistant-message'),
    userMessages: part('user-message'),
    retry: part('retry'),
    problem: part('problem'),
    close: part('close'),
  };
}

/** Loads a plain host page with the default widget, opens the chat from its launcher and waits for the input. */
export async function openChatOnHostPage(e2e: Pick<BrowserStack, 'page' | 'host'>): Promise<WidgetParts> {
  await e2e.page.goto(e2e.host.addPage('/', { html: hostPage() }));
  const widget = widgetParts(e2e.page);
  await widget.launcher.click();
  await widget.input.waitFor({ state: 'visible' });
  return widget;
}

/** Types a question into the open panel and sends it with Enter, as a visitor would. */
export async function ask(parts: WidgetParts, question: string): Promise<void> {
  await parts.input.fill(question);
  await parts.input.press('Enter');
}

/** Waits until the last answer has settled (`data-status` ready or error) and returns its text. */
export async function settledAnswer(parts: WidgetParts, timeout = 15_000): Promise<{ status: string; text: string }> {
  const last = parts.answers.last();
  await expect.poll(async () => last.getAttribute('data-status'), { timeout }).toMatch(/^(ready|error)$/);
  return { status: (await last.getAttribute('data-status')) ?? '', text: (await last.innerText()).trim() };
}

/** Collects the page's console errors and uncaught exceptions, to assert a page stayed clean. */
export function watchConsole(page: Page): { errors: string[]; messages: string[] } {
  const errors: string[] = [];
  const messages: string[] = [];
  page.on('console', (message) => {
    messages.push(`${message.type()}: ${message.text()}`);
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return { errors, messages };
}

/** Collects the console lines in which the browser reports a Content Security Policy refusal. */
export function watchCspConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) lines.push(message.text());
  });
  return lines;
}

/**
 * Starts recording every distinct text the widget's last answer shows (a MutationObserver inside the
 * shadow root), so a test can prove the answer grew in steps rather than appearing at once. Every change
 * is recorded as it happens, so however slow the machine, no step is missed (polling could skip one).
 * `part` is the answer's part name: `assistant-message` in a chat, `result` in a completion app.
 */
export async function recordAnswerGrowth(page: Page, app?: string, part = 'assistant-message'): Promise<() => Promise<string[]>> {
  const key = `__answerGrowth_${app ?? 'default'}_${part}`;
  await page.evaluate(
    ({ selector, storeKey, answerSelector }) => {
      const host = document.querySelector(selector);
      const root = host?.shadowRoot;
      if (!root) throw new Error(`no shadow root on ${selector}`);
      const seen: string[] = [];
      Reflect.set(window, storeKey, seen);
      const record = () => {
        const answers = root.querySelectorAll(answerSelector);
        const last = answers[answers.length - 1];
        const text = (last?.textContent ?? '').trim();
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      };
      new MutationObserver(record).observe(root, { subtree: true, childList: true, characterData: true });
    },
    { selector: `dify-widget[data-app="${app ?? 'default'}"]`, storeKey: key, answerSelector: `[part~="${part}"]` },
  );
  return async () =>
    page.evaluate((storeKey) => {
      const value: unknown = Reflect.get(window, storeKey);
      return Array.isArray(value) ? value.map(String) : [];
    }, key);
}

/** Sends `text` through the page's `window.DifyWidget.send` (for the widget keyed `key` when given). */
export async function sendFromHostPage(page: Page, text: string, key?: string): Promise<void> {
  await page.evaluate(
    ({ message, instance }) => {
      const api = window.DifyWidget;
      if (!api || !('version' in api)) throw new Error('window.DifyWidget is not loaded');
      const handle = instance === null ? api : api.get(instance);
      if (!handle) throw new Error(`no widget keyed ${instance}`);
      handle.send(message);
    },
    { message: text, instance: key ?? null },
  );
}

import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Stack } from '../../helpers/stack.ts';
import { allowSlowMachines, launchBrowser, type LaunchedBrowser } from './browser.ts';
import type { HostServer } from './host-server.ts';
import { startE2eStack, type E2eStack, type E2eStackOptions } from './stack.ts';

/** The running test's browser context and page; the browser behind them lives as long as the test file. */
export interface BrowserPage {
  readonly context: BrowserContext;
  readonly page: Page;
}

/** A test's page plus the simulator, proxy and host site it talks to. */
export interface BrowserStack extends BrowserPage {
  readonly host: HostServer;
  readonly stack: Stack;
  /** The proxy's origin, e.g. http://127.0.0.1:40123. */
  readonly proxyOrigin: string;
  /** With `startStack: 'in-each-test'`: starts this test's stack with its own options; it closes after the test. */
  startStack(options?: E2eStackOptions): Promise<void>;
}

export interface BrowserStackOptions {
  /** How the stack of every test is started (apps, limits, simulator pacing…). */
  stack?: E2eStackOptions;
  /** `'in-each-test'` when tests need different stack options and call `startStack` themselves. */
  startStack?: 'before-each-test' | 'in-each-test';
  /** Options of every test's browser context (viewport, touch, device scale…). */
  context?: BrowserContextOptions;
  /** Extra Chromium flags for the file's browser (e.g. `fakeMicrophoneArguments`). */
  browserArguments?: readonly string[];
}

/** Reading a per-test value outside a test (or before its stack started) is a mistake in the test file. */
function present<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} exists only while a test runs (and, for the stack, once it has started)`);
  return value;
}

/**
 * Registers the hooks of a browser test file: one headless Chromium for the file, a fresh context and
 * page for every test (closed after it), and slow-machine `expect.poll` waits. Call at the top level.
 */
export function useBrowserPage(contextOptions: BrowserContextOptions = {}, browserArguments: readonly string[] = []): BrowserPage {
  allowSlowMachines();
  let browser: LaunchedBrowser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchBrowser(browserArguments);
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    context = await present(browser, 'the browser').browser.newContext(contextOptions);
    page = await context.newPage();
    // E2E_CPU_THROTTLE=6 runs every page as on a CPU 6 times slower: how to look for a timing race.
    const throttle = Number(process.env['E2E_CPU_THROTTLE'] ?? 1);
    if (throttle > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
    page = undefined;
  });
  return {
    get context() {
      return present(context, 'the browser context');
    },
    get page() {
      return present(page, 'the page');
    },
  };
}

/**
 * `useBrowserPage` plus a fresh simulator, proxy and host site for every test, closed after the test's
 * browser context. Call at the top level of a test file and read the returned getters inside tests.
 */
export function useBrowserStack(options: BrowserStackOptions = {}): BrowserStack {
  let e2e: E2eStack | undefined;
  const startStack = async (stackOptions?: E2eStackOptions) => {
    if (e2e) throw new Error("this test already has a stack: use startStack only with startStack: 'in-each-test'");
    e2e = await startE2eStack(stackOptions);
  };
  // Registered before the page hooks, so after each test the context closes first, then the stack.
  beforeEach(async () => {
    if (options.startStack !== 'in-each-test') await startStack(options.stack);
  });
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });
  const browserPage = useBrowserPage(options.context, options.browserArguments);
  const running = () => present(e2e, 'the stack');
  return {
    get context() {
      return browserPage.context;
    },
    get page() {
      return browserPage.page;
    },
    get host() {
      return running().host;
    },
    get stack() {
      return running().stack;
    },
    get proxyOrigin() {
      return running().proxyOrigin;
    },
    startStack,
  };
}

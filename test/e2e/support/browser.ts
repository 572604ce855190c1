import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { vi } from 'vitest';

/** Where a system Chromium or Chrome usually lives; `CHROME_PATH` wins. */
const chromiumCandidates: readonly string[] = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
].filter((path): path is string => typeof path === 'string' && path.length > 0);

/** Finds the browser binary or throws a message that says how to get one. */
function findChromium(): string {
  const found = chromiumCandidates.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    `No Chromium or Chrome found (looked at: ${chromiumCandidates.join(', ')}). ` +
      'Install one (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROME_PATH to its binary.',
  );
}

const chromiumArguments = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/** A launched browser and how to shut it down along with its temporary profile. */
export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches a headless system Chromium. One per test file: launching is the slow part, contexts are
 * cheap and isolate tests from each other. Playwright's plain `launch` already gives the browser a
 * fresh temporary profile (playwright_chromiumdev_profile-*) and deletes it on close, so nothing
 * of the user's own profile is touched.
 */
export async function launchBrowser(extraArguments: readonly string[] = []): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [...chromiumArguments, ...extraArguments],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}

/**
 * Chromium's stand-ins for a microphone: a fake capture device (a beeping tone), the permission prompt
 * answered "allow", and audio that plays without a gesture. For the voice tests (`browserArguments`).
 */
export const fakeMicrophoneArguments: readonly string[] = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * Browser tests wait for things a loaded 2-core machine can make slow (a chunk to load, a panel to
 * render), so `expect.poll` waits up to 15 s here instead of vitest's 1 s default. Call once at the top
 * of a browser test file. The waits stay bounded and end as soon as the condition holds.
 */
export function allowSlowMachines(): void {
  vi.setConfig({ expect: { poll: { timeout: 15_000, interval: 50 } } });
}

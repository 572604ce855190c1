import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useBrowserStack } from './support/browser-stack.ts';
import { startHostServer, type HostServer } from './support/host-server.ts';
import { hostPage } from './support/pages.ts';
import { requestsTo } from './support/simulator-calls.ts';
import { assertWidgetBuilt } from './support/stack.ts';
import { watchConsole, widgetParts } from './support/widget.ts';

const e2e = useBrowserStack({ stack: { requireWidget: false } });

/** A second site, on an origin the proxy does not allow. */
let stranger: HostServer;
beforeEach(async () => {
  stranger = await startHostServer();
  stranger.setProxyOrigin(e2e.proxyOrigin);
});
afterEach(async () => {
  await stranger.close();
});

interface CallResult {
  status?: number;
  failed?: string;
}

/** What a page at `url` gets when it sends a chat message to the proxy with a valid visitor token. */
async function askFrom(url: string, token: string): Promise<CallResult> {
  const page = await e2e.context.newPage();
  await page.goto(url);
  return page.evaluate(
    async ({ proxy, bearer }) => {
      try {
        const response = await fetch(`${proxy}/v1/chat-messages`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}` },
          body: JSON.stringify({ query: 'hello', inputs: {}, response_mode: 'blocking' }),
        });
        await response.text();
        return { status: response.status };
      } catch (error) {
        return { failed: String(error) };
      }
    },
    { proxy: e2e.proxyOrigin, bearer: token },
  );
}

async function visitorToken(): Promise<string> {
  const response = await fetch(`${e2e.proxyOrigin}/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null || !('token' in body) || typeof body.token !== 'string')
    throw new Error('no session token');
  return body.token;
}

const chatCalls = () => requestsTo(e2e.stack.simulator, '/v1/chat-messages').length;

describe('cross-origin access from a real browser', () => {
  it('lets a page on an allowed origin call the proxy, and a page on another origin reaches nothing upstream', async () => {
    const token = await visitorToken();
    const allowed = await askFrom(e2e.host.addPage('/', { html: hostPage({ widget: null }) }), token);
    expect(allowed).toEqual({ status: 200 });
    expect(chatCalls()).toBe(1);

    const refused = await askFrom(stranger.addPage('/', { html: hostPage({ widget: null }) }), token);
    // The refusal is readable by the page (so its widget can say why), and nothing went upstream.
    expect(refused).toEqual({ status: 403 });
    expect(chatCalls()).toBe(1);
  });

  it('tells the visitor on a refused site that the chat is not available here, and the site owner which setting to change', async () => {
    assertWidgetBuilt();
    const page = e2e.page;
    const console = watchConsole(page);
    await page.goto(stranger.addPage('/', { html: hostPage() }));
    const widget = widgetParts(page);
    await widget.launcher.click();
    await widget.problem.first().waitFor({ state: 'visible' });
    expect(await widget.problem.first().getAttribute('data-kind')).toBe('forbidden');
    expect(await widget.problem.first().innerText()).not.toMatch(/connection/i);
    const warning = console.messages.find((line) => line.startsWith('warning: dify-widget: the proxy refuses pages from'));
    expect(warning).toContain(stranger.origin);
    expect(warning).toContain('ALLOWED_ORIGINS');
  });
});

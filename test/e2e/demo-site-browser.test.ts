import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowserPage } from './support/browser-stack.ts';
import { startDemoServer, type DemoServer } from './support/demo-server.ts';
import { assertWidgetBuilt } from './support/stack.ts';
import { ask, recordAnswerGrowth, settledAnswer, watchConsole, watchCspConsole, widgetParts } from './support/widget.ts';

const browser = useBrowserPage();

let demo: DemoServer;
beforeAll(async () => {
  assertWidgetBuilt();
  demo = await startDemoServer();
});
afterAll(async () => {
  await demo?.close();
});

describe('the demo site, as `npm start` serves it', () => {
  it('home page: the bubble is there, and the page’s own buttons drive the widget through its JS API', async () => {
    const console = watchConsole(browser.page);
    await browser.page.goto(`${demo.origin}/`);
    expect(await browser.page.title()).toContain('dify-widget demo');
    const widget = widgetParts(browser.page);
    await widget.launcher.waitFor({ state: 'visible' });
    expect(await browser.page.locator('[data-proxy-origin]').first().innerText()).toBe(demo.origin);

    await browser.page.getByRole('button', { name: 'Ask a sample question' }).click();
    await expect.poll(() => widget.panel.isVisible()).toBe(true);
    expect(await settledAnswer(widget)).toEqual({ status: 'ready', text: expect.stringContaining('Dify simulator') });
    expect(console.errors).toEqual([]);
  });

  it('inline generator page: the completion app renders into #generator and writes from its form', async () => {
    await browser.page.goto(`${demo.origin}/completion`);
    const generator = widgetParts(browser.page, 'completion');
    const topic = generator.host.locator('[data-variable="topic"] input');
    await topic.waitFor({ state: 'visible' });
    expect(await browser.page.locator('#generator > dify-widget').count()).toBe(1);
    await topic.fill('Tide pools');
    await generator.host.locator('[part~="generate"]').click();
    const result = generator.host.locator('[part~="result"]');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 20_000 }).toBe('ready');
    expect(await result.innerText()).toContain('Tide pools');
  });

  it('every-app-kind page: the agent and chatflow apps render inline side by side, and each answers from its own app', async () => {
    const console = watchConsole(browser.page);
    const chatRequests: string[] = [];
    browser.page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/chat-messages')) chatRequests.push(new URL(request.url()).pathname);
    });
    await browser.page.goto(`${demo.origin}/apps`);
    const agent = widgetParts(browser.page, 'agent');
    const chatflow = widgetParts(browser.page, 'chatflow');
    await agent.input.waitFor({ state: 'visible' });
    await chatflow.input.waitFor({ state: 'visible' });
    expect(await browser.page.locator('#agent-app > dify-widget[data-app="agent"]').count()).toBe(1);
    expect(await browser.page.locator('#chatflow-app > dify-widget[data-app="chatflow"]').count()).toBe(1);
    // Each opening statement comes from its own app's /parameters, so a crossed wire shows here first.
    expect(await agent.host.locator('[part~="opening-statement"]').innerText()).toContain('agent with tools');
    expect(await chatflow.host.locator('[part~="opening-statement"]').innerText()).toContain('chatflow demo');

    const agentGrowth = await recordAnswerGrowth(browser.page, 'agent');
    await ask(agent, 'echo: Hello from the agent page, streamed in several steps.');
    expect(await settledAnswer(agent)).toEqual({ status: 'ready', text: expect.stringContaining('Hello from the agent page') });
    expect((await agentGrowth()).length).toBeGreaterThan(1);

    const chatflowGrowth = await recordAnswerGrowth(browser.page, 'chatflow');
    await ask(chatflow, 'echo: Hello from the chatflow page, streamed in several steps.');
    expect(await settledAnswer(chatflow)).toEqual({ status: 'ready', text: expect.stringContaining('Hello from the chatflow page') });
    expect((await chatflowGrowth()).length).toBeGreaterThan(1);

    expect(await agent.host.innerText()).not.toContain('Hello from the chatflow page');
    expect(await chatflow.host.innerText()).not.toContain('Hello from the agent page');
    expect(chatRequests).toEqual(['/apps/agent/v1/chat-messages', '/apps/chatflow/v1/chat-messages']);
    expect(console.errors).toEqual([]);
  });

  it('strict-CSP page: served without unsafe-inline/unsafe-eval, and chatting there causes no CSP violation', async () => {
    const cspLines = watchCspConsole(browser.page);
    const response = await browser.page.goto(`${demo.origin}/strict-csp`);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    await expect.poll(() => browser.page.locator('[data-csp-header]').innerText()).toContain("script-src 'self'");

    const widget = widgetParts(browser.page);
    await browser.page.getByRole('button', { name: 'Open the chat' }).click();
    await ask(widget, 'echo: **Hello** from a strict page.');
    expect((await settledAnswer(widget)).status).toBe('ready');
    expect(await browser.page.locator('[data-violation-count]').innerText()).toBe('No CSP violations on this page so far.');
    expect(cspLines).toEqual([]);
  });

  it('signed-in visitor: the demo backend vouches for a name, the conversation survives a reload, and another visitor sees none of it', async () => {
    await browser.page.goto(`${demo.origin}/visitor`);
    const widget = widgetParts(browser.page);
    await browser.page.getByLabel('Your name').fill('Alice');
    await browser.page.getByRole('button', { name: 'Sign in' }).click();
    await browser.page.locator('[data-signed-in]').waitFor({ state: 'visible' });
    expect(await browser.page.locator('[data-visitor-name]').innerText()).toBe('Alice');
    expect(await browser.page.locator('[data-visitor-user]').innerText()).toMatch(/^user-demo-alice-[0-9a-f]{8}$/);

    await browser.page.getByRole('button', { name: 'Open my chat' }).click();
    await ask(widget, 'echo: Alice’s private note');
    expect((await settledAnswer(widget)).text).toContain('Alice’s private note');

    // Reload: still Alice (the page hands the widget her identity), and her conversation is back.
    await browser.page.reload();
    await browser.page.locator('[data-signed-in]').waitFor({ state: 'visible' });
    expect(await browser.page.locator('[data-visitor-name]').innerText()).toBe('Alice');
    await browser.page.getByRole('button', { name: 'Open my chat' }).click();
    await expect.poll(() => widget.userMessages.count()).toBe(1);
    expect(await widget.answers.first().innerText()).toContain('Alice’s private note');

    await browser.page.getByRole('button', { name: 'Sign out' }).click();
    await browser.page.getByLabel('Your name').fill('Bob');
    await browser.page.getByRole('button', { name: 'Sign in' }).click();
    await browser.page.locator('[data-signed-in]').waitFor({ state: 'visible' });
    expect(await browser.page.locator('[data-visitor-name]').innerText()).toBe('Bob');
    await expect.poll(() => widget.userMessages.count()).toBe(0);
    await browser.page.reload();
    await browser.page.getByRole('button', { name: 'Open my chat' }).click();
    await widget.input.waitFor({ state: 'visible' });
    expect(await widget.userMessages.count()).toBe(0);
    expect(await widget.host.innerText()).not.toContain('Alice’s private note');
  });
});

import { SignJWT } from 'jose';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testIdentitySecret } from '../helpers/proxy.ts';
import { runAxe } from './support/axe.ts';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage } from './support/pages.ts';
import { requestsTo } from './support/simulator-calls.ts';
import { ask, settledAnswer, widgetParts, type WidgetParts } from './support/widget.ts';

const e2e = useBrowserStack();

/** What the host's backend hands a signed-in visitor's page (HS256 with IDENTITY_SECRET, as the proxy verifies). */
async function identityFor(sub: string): Promise<string> {
  return new SignJWT({ name: sub })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(testIdentitySecret));
}

async function openChat(page: Page, identity?: string): Promise<WidgetParts> {
  await page.goto(
    e2e.host.addPage(`/${Math.random().toString(36).slice(2)}`, { html: hostPage({ widget: { data: identity ? { identity } : {} } }) }),
  );
  const widget = widgetParts(page);
  await widget.launcher.click();
  await widget.input.waitFor({ state: 'visible' });
  return widget;
}

const part = (widget: WidgetParts, name: string) => widget.host.locator(`[part~="${name}"]`);
const drawer = (widget: WidgetParts) => part(widget, 'conversations');
const listedNames = (widget: WidgetParts) => drawer(widget).locator('[part~="conversation"]').allInnerTexts();

/** Starts conversations for `user` straight at "Dify", as if made earlier on another device. */
async function seedConversations(user: string, queries: string[]): Promise<void> {
  for (const query of queries) {
    const response = await fetch(`${e2e.stack.urls.simulator}/chat-messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${e2e.stack.keys['chat'] ?? ''}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query, inputs: {}, user, response_mode: 'blocking' }),
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  }
}

describe('the conversations drawer in a real browser', () => {
  it('lists conversations newest first with Dify’s generated names, switches, renames, deletes after confirming; keyboard and axe', async () => {
    const widget = await openChat(e2e.page);
    await ask(widget, 'Tell me about the tides of the moon');
    await settledAnswer(widget);
    // New conversation (from the drawer) keeps the first one reachable.
    await part(widget, 'conversations-toggle').click();
    await part(widget, 'drawer-new-conversation').click();
    await widget.input.waitFor({ state: 'visible' });
    await ask(widget, 'hello there');
    await settledAnswer(widget);

    // By keyboard: the header button opens the drawer and focus moves into it.
    await part(widget, 'conversations-toggle').focus();
    await e2e.page.keyboard.press('Enter');
    await drawer(widget).waitFor({ state: 'visible' });
    expect(await drawer(widget).evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    // The first conversation was named by Dify after its answer (its first name was the query cut to 20 characters).
    await expect.poll(() => listedNames(widget)).toEqual(['hello there', 'Tell me about the tides of the moon']);
    expect(await runAxe(e2e.page, 'dify-widget')).toEqual([]);

    // Escape closes the drawer (not the panel) and focus returns to its button.
    await e2e.page.keyboard.press('Escape');
    await expect.poll(() => drawer(widget).count()).toBe(0);
    expect(await widget.panel.isVisible()).toBe(true);
    expect(
      await part(widget, 'conversations-toggle').evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement),
    ).toBe(true);

    // Switch to the first conversation: its messages come back from /messages, and the next message goes into it.
    await part(widget, 'conversations-toggle').click();
    const first = drawer(widget).locator('[part~="conversation-item"]', { hasText: 'Tell me about the tides of the moon' });
    const firstId = await first.getAttribute('data-conversation');
    await first.locator('[part~="conversation"]').click();
    await expect.poll(() => widget.userMessages.allInnerTexts()).toEqual([expect.stringContaining('Tell me about the tides of the moon')]);
    await ask(widget, 'And the sun?');
    await settledAnswer(widget);
    expect(requestsTo(e2e.stack.simulator, '/v1/chat-messages').at(-1)?.body).toMatchObject({
      query: 'And the sun?',
      conversation_id: firstId,
    });

    // Rename "hello there" by keyboard.
    await part(widget, 'conversations-toggle').click();
    const renamed = drawer(widget).locator('[part~="conversation-item"]', { hasText: 'hello there' });
    await renamed.locator('[part~="conversation-rename"]').click();
    const nameField = drawer(widget).locator('[part~="conversation-name"]');
    await nameField.fill('Greetings');
    await nameField.press('Enter');
    await expect.poll(() => listedNames(widget)).toContain('Greetings');
    expect(requestsTo(e2e.stack.simulator, '/v1/conversations').length).toBeGreaterThan(0);
    const renames = e2e.stack.simulator.requests.filter((request) => request.path.endsWith('/name'));
    expect(renames.at(-1)?.body).toMatchObject({ name: 'Greetings', auto_generate: false });

    // Delete asks first; Escape keeps it; confirming deletes it at Dify (204).
    const doomed = drawer(widget).locator('[part~="conversation-item"]', { hasText: 'Greetings' });
    await doomed.locator('[part~="conversation-delete"]').click();
    await expect
      .poll(() =>
        doomed
          .locator('[part~="conversation-cancel-delete"]')
          .evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement),
      )
      .toBe(true);
    expect(await runAxe(e2e.page, 'dify-widget')).toEqual([]);
    await e2e.page.keyboard.press('Escape');
    await expect.poll(() => doomed.locator('[part~="conversation-confirm-delete"]').count()).toBe(0);
    expect(await drawer(widget).isVisible()).toBe(true);
    await doomed.locator('[part~="conversation-delete"]').click();
    await doomed.locator('[part~="conversation-confirm-delete"]').click();
    await expect.poll(() => listedNames(widget)).toEqual(['Tell me about the tides of the moon']);
    expect(e2e.stack.simulator.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
  });

  it('pages through a long list with last_id', async () => {
    const identity = await identityFor('pager');
    await seedConversations(
      'user-pager',
      Array.from({ length: 23 }, (_, index) => `Topic number ${index + 1}`),
    );
    const widget = await openChat(e2e.page, identity);
    await part(widget, 'conversations-toggle').click();
    await expect.poll(async () => (await listedNames(widget)).length).toBe(20);
    expect((await listedNames(widget))[0]).toBe('Topic number 23');
    await part(widget, 'conversations-more').click();
    await expect.poll(async () => (await listedNames(widget)).length).toBe(23);
    expect((await listedNames(widget)).at(-1)).toBe('Topic number 1');
    expect(await part(widget, 'conversations-more').count()).toBe(0);
    const pages = requestsTo(e2e.stack.simulator, '/v1/conversations').filter((request) => request.user === 'user-pager');
    expect(pages.some((request) => typeof request.query['last_id'] === 'string')).toBe(true);
  });

  it('shows a signed-in visitor the same list on another device, and the conversation opens there', async () => {
    const identity = await identityFor('ada');
    const laptop = await openChat(e2e.page, identity);
    await ask(laptop, 'Plan a walk along the coast');
    await settledAnswer(laptop);

    const phoneContext = await e2e.context.browser()?.newContext();
    if (!phoneContext) throw new Error('no browser behind the context');
    try {
      const phonePage = await phoneContext.newPage();
      const phone = await openChat(phonePage, identity);
      // A fresh device: no stored conversation, an empty chat.
      expect(await phone.userMessages.count()).toBe(0);
      await part(phone, 'conversations-toggle').click();
      await expect.poll(() => listedNames(phone)).toEqual(['Plan a walk along the coast']);
      await drawer(phone).getByRole('button', { name: 'Plan a walk along the coast' }).click();
      await expect.poll(() => phone.answers.count()).toBe(1);
      expect(await phone.userMessages.first().innerText()).toContain('Plan a walk along the coast');
    } finally {
      await phoneContext.close();
    }
  });
});

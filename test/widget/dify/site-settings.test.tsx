/** Dify's WebApp settings (`/site`, dify-api.md §10.4) in the chat: brand colour, description, disclaimer and links. */
import { fireEvent, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeApp } from '../../../widget/core/app-info.ts';
import { createFakeProxy } from '../fixtures/fake-proxy.ts';
import { mountWidget, type MountedWidget } from '../fixtures/mount-widget.ts';

let mounted: MountedWidget | undefined;

function current(): MountedWidget {
  if (!mounted) throw new Error('no widget mounted');
  return mounted;
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  mounted?.controller.destroy();
  mounted?.host.remove();
  mounted = undefined;
  vi.unstubAllGlobals();
});

const branded = {
  title: 'Test bot',
  chat_color_theme: '#7c3aed',
  description: 'Opening hours, from saved replies.',
  custom_disclaimer: 'Answers may be wrong.',
  copyright: 'Demo Company',
  privacy_policy: 'https://example.com/privacy',
};

function open(site: Record<string, unknown>, primaryColor?: string) {
  const proxy = createFakeProxy();
  proxy.route('GET', '/v1/site', () => Response.json(site));
  mounted = mountWidget({ proxy, config: { mode: 'inline', ...(primaryColor ? { primaryColor } : {}) } });
  return within(mounted.view);
}

const rootColor = () => current().root.querySelector<HTMLElement>('.dw-root')?.style.getPropertyValue('--dw-option-primary');

describe('/site settings', () => {
  it('uses the app colour, shows the description under the title, and the disclaimer, copyright and privacy link under the composer', async () => {
    const ui = open(branded);
    expect(await ui.findByText('Opening hours, from saved replies.')).toBeTruthy();
    expect(rootColor()).toBe('#7c3aed');
    const notes = await waitForNotes();
    expect(notes.textContent).toBe('Answers may be wrong. © Demo Company Privacy policy');
    const link = within(notes).getByRole('link', { name: 'Privacy policy' });
    expect([link.getAttribute('href'), link.getAttribute('rel'), link.getAttribute('target')]).toEqual([
      'https://example.com/privacy',
      'noopener noreferrer',
      '_blank',
    ]);
  });

  it('lets the embed’s primary-color win over the app colour', async () => {
    const ui = open(branded, '#0f766e');
    await ui.findByText('Opening hours, from saved replies.');
    expect(rootColor()).toBe('#0f766e');
  });

  it('drops a colour that is not hex and a privacy policy that is not an http(s) URL; no line without any note', async () => {
    const ui = open({ title: 'Test bot', chat_color_theme: 'red;background:url(//x)', privacy_policy: 'javascript:alert(1)' });
    await ui.findByRole('textbox', { name: 'Message' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(current().root.querySelector('[part="site-notes"]')).toBeNull();
    expect(current().root.querySelector('a[href^="javascript"]')).toBeNull();
    expect(rootColor()).toBe('');
  });

  it('shows the app icon beside each answer only when use_icon_as_answer_icon is on', async () => {
    for (const on of [true, false]) {
      const proxy = createFakeProxy();
      proxy.route('GET', '/v1/site', () =>
        Response.json({ title: 'Test bot', icon_type: 'emoji', icon: '🦉', use_icon_as_answer_icon: on }),
      );
      mounted = mountWidget({ proxy, config: { mode: 'inline' } });
      const ui = within(mounted.view);
      const input = await ui.findByRole('textbox', { name: 'Message' });
      const opened = proxy.nextStream();
      fireEvent.input(input, { target: { value: 'Hi' } });
      fireEvent.keyDown(input, { key: 'Enter' });
      const stream = await opened;
      stream.delta('Hello.');
      stream.end();
      await ui.findByText('Hello.');
      const icons = current().root.querySelectorAll('[part~="assistant-message"] .dw-app-icon');
      expect([...icons].map((icon) => icon.textContent)).toEqual(on ? ['🦉'] : []);
      current().controller.destroy();
      current().host.remove();
      mounted = undefined;
    }
  });

  it('reads Dify’s flags: citations and follow-ups from /parameters, the colour only when it is hex', () => {
    const on = describeApp(
      { mode: 'chat' },
      { chat_color_theme: '#ABC' },
      {
        retriever_resource: { enabled: true },
        suggested_questions_after_answer: { enabled: true },
      },
    );
    expect([on.sources, on.followUps, on.color]).toEqual([true, true, '#ABC']);
    const off = describeApp({ mode: 'chat' }, { chat_color_theme: 'blue' }, { retriever_resource: { enabled: 'yes' } });
    expect([off.sources, off.followUps, off.color]).toEqual([false, false, undefined]);
  });
});

/** The notes line is its own chunk: wait for it to arrive. */
async function waitForNotes(): Promise<HTMLElement> {
  const { waitFor } = await import('@testing-library/preact');
  return waitFor(() => {
    const notes = current().root.querySelector<HTMLElement>('[part="site-notes"]');
    if (!notes) throw new Error('no site notes yet');
    return notes;
  });
}

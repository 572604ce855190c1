import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeApp } from '../../../widget/core/app-info.ts';
import { createFakeProxy, json } from '../fixtures/fake-proxy.ts';
import { mountWidget, type MountedWidget } from '../fixtures/mount-widget.ts';

let mounted: MountedWidget | undefined;

beforeEach(() => localStorage.clear());

afterEach(() => {
  mounted?.controller.destroy();
  mounted?.host.remove();
  mounted = undefined;
  vi.unstubAllGlobals();
});

function setup(...args: Parameters<typeof mountWidget>) {
  mounted = mountWidget(...args);
  return { ...mounted, ui: within(mounted.view) };
}

const rootOf = (widget: MountedWidget) => widget.root.querySelector('[part~="root"]');

describe('the widget in other languages', () => {
  it('renders Arabic right to left with lang set, and every message decides its own direction', async () => {
    const widget = setup({ config: { lang: 'ar' } });
    const launcher = await widget.ui.findByRole('button', { name: 'فتح المحادثة' });
    expect(rootOf(widget)?.getAttribute('dir')).toBe('rtl');
    expect(rootOf(widget)?.getAttribute('lang')).toBe('ar');
    fireEvent.click(launcher);
    const input = await widget.ui.findByRole('textbox', { name: 'الرسالة' });
    expect(input.getAttribute('placeholder')).toBe('اكتب رسالتك…');
    fireEvent.input(input, { target: { value: 'Hello' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    const message = await waitFor(() => {
      const found = widget.root.querySelector('[part~="user-message"]');
      if (!found) throw new Error('no user message yet');
      return found;
    });
    expect(message.getAttribute('dir')).toBe('auto');
    // The hidden "أنت:" label has its own dir, so the bubble's direction comes from "Hello".
    expect(message.querySelector('.dw-visually-hidden')?.getAttribute('dir')).toBe('auto');
  });

  it('without lang, follows the default language of the app in Dify once /site is read', async () => {
    const proxy = createFakeProxy();
    proxy.route('GET', '/v1/site', () => json({ title: 'Test bot', default_language: 'ja-JP' }));
    const widget = setup({ proxy });
    fireEvent.click(await widget.ui.findByRole('button', { name: 'Open chat' }));
    const input = await widget.ui.findByRole('textbox', { name: 'メッセージ' });
    expect(input.getAttribute('placeholder')).toBe('メッセージを入力…');
    expect(rootOf(widget)?.getAttribute('lang')).toBe('ja');
    expect(rootOf(widget)?.getAttribute('dir')).toBe('ltr');
  });

  it('keeps the embed lang over the app’s default language', async () => {
    const proxy = createFakeProxy();
    proxy.route('GET', '/v1/site', () => json({ title: 'Test bot', default_language: 'ja-JP' }));
    const widget = setup({ proxy, config: { lang: 'es' } });
    fireEvent.click(await widget.ui.findByRole('button', { name: 'Abrir chat' }));
    const input = await widget.ui.findByRole('textbox', { name: 'Mensaje' });
    expect(input.getAttribute('placeholder')).toBe('Escriba su mensaje…');
  });

  it('shows the site owner’s strings over the built-in English ones', async () => {
    const widget = setup({ config: { strings: { openChat: 'Ask us', send: 'Ask', messagePlaceholder: 'Your question…' } } });
    fireEvent.click(await widget.ui.findByRole('button', { name: 'Ask us' }));
    const input = await widget.ui.findByRole('textbox', { name: 'Message' });
    expect(input.getAttribute('placeholder')).toBe('Your question…');
    expect(widget.ui.getByRole('button', { name: 'Ask' })).toBeTruthy();
  });
});

describe('default_language', () => {
  it('is read from /site, else from /parameters', () => {
    expect(describeApp({}, { default_language: 'zh-Hans' }, {}).language).toBe('zh-Hans');
    expect(describeApp({}, {}, { default_language: 'ja-JP' }).language).toBe('ja-JP');
    expect(describeApp({}, {}, {}).language).toBeUndefined();
  });
});

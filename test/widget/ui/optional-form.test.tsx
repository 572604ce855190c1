import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeProxy } from '../fixtures/fake-proxy.ts';
import { mountWidget, type MountedWidget } from '../fixtures/mount-widget.ts';

let mounted: MountedWidget | undefined;

beforeEach(() => localStorage.clear());

afterEach(() => {
  mounted?.controller.destroy();
  mounted?.host.remove();
  mounted = undefined;
  vi.unstubAllGlobals();
});

const optionalOnly = {
  opening_statement: 'Hi!',
  user_input_form: [
    { 'text-input': { variable: 'name', label: 'Your name', required: false } },
    { json_object: { variable: 'prefs', label: 'Preferences', required: false } },
  ],
};

async function openChat() {
  mounted = mountWidget({ proxy: createFakeProxy({ parameters: optionalOnly }) });
  const ui = within(mounted.view);
  fireEvent.click(ui.getByRole('button', { name: 'Open chat' }));
  const composer = await ui.findByRole('textbox', { name: 'Message' });
  return { ui, composer, widget: mounted };
}

describe('a chat whose form has only optional fields', () => {
  it('offers the form folded: focus stays on the message box and a message can be sent without it', async () => {
    const { ui, composer, widget } = await openChat();
    const toggle = await ui.findByRole('button', { name: 'Before you start (optional)' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(ui.queryByRole('textbox', { name: /Your name/ })).toBeNull();
    // The form's chunk is not even rendered until asked for.
    expect(widget.view.querySelector('[part~="inputs-form"]')).toBeNull();
    await waitFor(() => expect(widget.root.activeElement).toBe(composer));
    const opened = widget.proxy.nextStream();
    fireEvent.input(composer, { target: { value: 'Hello' } });
    fireEvent.submit(composer.closest('form') as HTMLFormElement);
    await opened;
    expect(widget.proxy.requestsTo('POST', '/v1/chat-messages')[0]?.body).toMatchObject({ query: 'Hello', inputs: {} });
  });

  it('unfolds on request with focus on its first field, and a filled field (a JSON object too) is sent with the first message', async () => {
    const { ui, composer, widget } = await openChat();
    fireEvent.click(await ui.findByRole('button', { name: /Before you start/ }));
    const name = await ui.findByRole('textbox', { name: /Your name/ });
    await waitFor(() => expect(widget.root.activeElement).toBe(name));
    fireEvent.input(name, { target: { value: 'Ada' } });
    fireEvent.input(ui.getByRole('textbox', { name: /Preferences/ }), { target: { value: '{"units": "metric"}' } });
    const opened = widget.proxy.nextStream();
    fireEvent.input(composer, { target: { value: 'Hello' } });
    fireEvent.submit(composer.closest('form') as HTMLFormElement);
    await opened;
    expect(widget.proxy.requestsTo('POST', '/v1/chat-messages')[0]?.body).toMatchObject({
      inputs: { name: 'Ada', prefs: { units: 'metric' } },
    });
  });

  it('a JSON field that is not an object stops the message and says why', async () => {
    const { ui, composer, widget } = await openChat();
    fireEvent.click(await ui.findByRole('button', { name: /Before you start/ }));
    const prefs = await ui.findByRole('textbox', { name: /Preferences/ });
    fireEvent.input(prefs, { target: { value: 'metric' } });
    fireEvent.input(composer, { target: { value: 'Hello' } });
    fireEvent.submit(composer.closest('form') as HTMLFormElement);
    expect(await ui.findByText('Enter a JSON object, such as {"key": "value"}.')).toBeTruthy();
    await waitFor(() => expect(widget.root.activeElement).toBe(ui.getByRole('textbox', { name: /Preferences/ })));
    expect(widget.proxy.requestsTo('POST', '/v1/chat-messages')).toHaveLength(0);
  });
});

import { signal } from '@preact/signals';
import { fireEvent, render, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProxyClient } from '../../../widget/core/proxy-client.ts';
import type { SessionKeeper } from '../../../widget/core/session.ts';
import { Microphone } from '../../../widget/media/Microphone.tsx';

const unusedTransport = {
  client: {} as Partial<ProxyClient> as ProxyClient,
  sessions: {} as Partial<SessionKeeper> as SessionKeeper,
};

/** The page's microphone refuses with `name`, as a browser does when the visitor blocks it or has none. */
function microphoneRefusing(name: string) {
  vi.stubGlobal('MediaRecorder', class {});
  vi.stubGlobal('navigator', { ...navigator, mediaDevices: { getUserMedia: () => Promise.reject(new DOMException('refused', name)) } });
}

function setup() {
  const draft = signal('');
  const view = render(
    <form>
      <Microphone model={unusedTransport} view={{ draft, setDraft: (text) => (draft.value = text) }} />
    </form>,
  );
  const container = view.container;
  if (!(container instanceof HTMLElement)) throw new Error('no container');
  return { ui: within(container), draft };
}

afterEach(() => vi.unstubAllGlobals());

describe('the microphone button', () => {
  it('is a labelled toggle, not pressed until it records', () => {
    const { ui } = setup();
    const button = ui.getByRole('button', { name: 'Speak a message' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
  });

  for (const [name, text] of [
    ['NotAllowedError', 'The microphone is blocked. To speak a message, allow the microphone for this site in your browser’s settings.'],
    ['NotFoundError', 'No microphone was found. Connect one, or type your message.'],
  ] as const) {
    it(`explains a ${name} in plain words and keeps the button usable`, async () => {
      microphoneRefusing(name);
      const { ui, draft } = setup();
      fireEvent.click(ui.getByRole('button', { name: 'Speak a message' }));
      expect((await ui.findByRole('alert')).textContent).toBe(text);
      await waitFor(() => expect(ui.getByRole('button', { name: 'Speak a message' }).getAttribute('aria-disabled')).toBeNull());
      expect(draft.value).toBe('');
    });
  }

  it('says so when the browser cannot record at all', async () => {
    vi.stubGlobal('MediaRecorder', undefined);
    const { ui } = setup();
    fireEvent.click(ui.getByRole('button', { name: 'Speak a message' }));
    expect((await ui.findByRole('alert')).textContent).toBe('This browser can’t record audio here. Type your message instead.');
  });
});

import { signal } from '@preact/signals';
import { fireEvent, render, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Attachment } from '../../../widget/media/attachments.ts';
import { AttachFiles } from '../../../widget/media/AttachFiles.tsx';
import { FakeUpload, transport } from '../fixtures/fake-upload.ts';

const imagesOnly = {
  file_upload: { enabled: true, allowed_file_types: ['image'], allowed_file_upload_methods: ['local_file'], number_limits: 2 },
  system_parameters: { image_file_size_limit: 1 },
};

function setup(parameters: Record<string, unknown> = imagesOnly) {
  vi.stubGlobal('XMLHttpRequest', FakeUpload);
  const attachments = signal<readonly Attachment[]>([]);
  const view = render(
    <form>
      <AttachFiles model={{ ...transport, app: signal({ parameters }) }} view={{ attachments }} />
      <textarea aria-label="Message" />
    </form>,
  );
  const container = view.container;
  if (!(container instanceof HTMLElement)) throw new Error('no container');
  const ui = within(container);
  const choose = (...files: File[]) => {
    const input = container.querySelector('input[type=file]');
    if (!(input instanceof HTMLInputElement)) throw new Error('no file input');
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    fireEvent.change(input);
  };
  return { attachments, ui, choose, container };
}

const png = (name: string, bytes = 2048) => new File([new Uint8Array(bytes)], name, { type: 'image/png' });

afterEach(() => {
  // Uploads end one way or another; ending the unanswered ones frees their turns for the next test.
  for (const request of FakeUpload.sent) if (request.status === 0 && !request.aborted) request.abort();
  FakeUpload.sent = [];
  vi.unstubAllGlobals();
});

describe('the attach picker', () => {
  it('offers an attach button whose picker takes only what the app allows', () => {
    const { ui, container } = setup();
    expect(ui.getByRole('button', { name: 'Attach files' })).toBeTruthy();
    const input = container.querySelector('input[type=file]');
    expect(input?.getAttribute('accept')).toBe('.jpg,.jpeg,.png,.webp,.gif,.svg');
    expect(input?.hasAttribute('multiple')).toBe(true);
  });

  it('shows nothing for an app that takes no uploaded files', () => {
    const { ui } = setup({ file_upload: { image: { enabled: false } } });
    expect(ui.queryByRole('button', { name: 'Attach files' })).toBeNull();
  });

  it('uploads a chosen image with the visitor session, shows its progress, then keeps its Dify file mapping', async () => {
    const { ui, choose, attachments } = setup();
    choose(png('cat.png', 2048));
    await waitFor(() => expect(FakeUpload.sent).toHaveLength(1));
    const [request] = FakeUpload.sent;
    expect(request?.url).toBe('https://proxy.example/v1/files/upload');
    expect(request?.headers['Authorization']).toBe('Bearer visitor-token');
    const sentFile = request?.body?.get('file');
    expect(sentFile instanceof File ? sentFile.name : sentFile).toBe('cat.png');

    const chip = ui.getByRole('listitem');
    expect(chip.textContent).toContain('cat.png');
    expect(chip.textContent).toContain('2 kB');
    request?.progress(512, 2048);
    await waitFor(() => expect(ui.getByRole('progressbar', { name: 'Uploading cat.png' }).getAttribute('value')).toBe('0.25'));
    expect(attachments.value[0]?.file).toBeUndefined();

    request?.answer(201, { id: 'file-1', name: 'cat.png' });
    await waitFor(() =>
      expect(attachments.value[0]?.file).toEqual({ type: 'image', transfer_method: 'local_file', upload_file_id: 'file-1' }),
    );
    expect(ui.queryByRole('progressbar')).toBeNull();
    fireEvent.click(ui.getByRole('button', { name: 'Remove cat.png' }));
    expect(attachments.value).toEqual([]);
  });

  it('refuses a wrong type, a file too large and one too many before uploading them, and says so', async () => {
    const { ui, choose } = setup();
    choose(
      new File(['x'], 'notes.txt', { type: 'text/plain' }),
      png('huge.png', 2 * 1024 * 1024),
      png('a.png'),
      png('b.png'),
      png('c.png'),
    );
    const alert = await ui.findByRole('alert');
    expect(alert.textContent).toBe(
      'notes.txt: This chat doesn’t take this kind of file. huge.png: Files can be at most 1 MB. c.png: A message can carry at most 2 files.',
    );
    await waitFor(() => expect(FakeUpload.sent).toHaveLength(2));
    expect(ui.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      expect.stringContaining('a.png'),
      expect.stringContaining('b.png'),
    ]);
  });

  it('cancels an upload in progress, and reports one the server refused', async () => {
    const { ui, choose, attachments } = setup();
    choose(png('slow.png'), png('refused.png'));
    await waitFor(() => expect(FakeUpload.sent).toHaveLength(2));
    fireEvent.click(ui.getByRole('button', { name: 'Cancel the upload of slow.png' }));
    expect(FakeUpload.sent[0]?.aborted).toBe(true);
    FakeUpload.sent[1]?.answer(413, { code: 'file_too_large', message: '', status: 413 });
    expect((await ui.findByRole('alert')).textContent).toBe('refused.png: The upload failed.');
    expect(attachments.value).toEqual([]);
  });

  it('takes files pasted into the message box', async () => {
    const { ui, attachments } = setup();
    const paste = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(paste, 'clipboardData', { value: { files: [png('pasted.png')] } });
    ui.getByRole('textbox', { name: 'Message' }).dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(true);
    await waitFor(() => expect(attachments.value.map((item) => item.name)).toEqual(['pasted.png']));
  });
});

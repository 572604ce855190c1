import { signal } from '@preact/signals';
import { fireEvent, render, waitFor, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeApp } from '../../../widget/core/app-info.ts';
import type { ProxyClient } from '../../../widget/core/proxy-client.ts';
import type { Attachment } from '../../../widget/media/attachments.ts';
import { AttachFiles } from '../../../widget/media/AttachFiles.tsx';
import { InputsForm } from '../../../widget/ui/InputsForm.tsx';
import { FakeUpload, transport } from '../fixtures/fake-upload.ts';

/** The widget's client as the proxy's last response left it: with or without `Dify-Widget-Remote-File-Urls`. */
function clientOf(linksAllowed: boolean): ProxyClient {
  const headers = new Headers(linksAllowed ? { 'Dify-Widget-Remote-File-Urls': 'allowed' } : {});
  return Object.assign(Object.create(transport.client) as ProxyClient, { headers });
}

const linksAndUploads = {
  file_upload: {
    enabled: true,
    allowed_file_types: ['image'],
    allowed_file_upload_methods: ['local_file', 'remote_url'],
    number_limits: 2,
  },
};

afterEach(() => {
  for (const request of FakeUpload.sent) if (request.status === 0 && !request.aborted) request.abort();
  FakeUpload.sent = [];
  vi.unstubAllGlobals();
});

describe('adding a file from a link in the chat', () => {
  function setup(linksAllowed: boolean, parameters: Record<string, unknown> = linksAndUploads) {
    const attachments = signal<readonly Attachment[]>([]);
    const onSubmit = vi.fn((event: Event) => event.preventDefault());
    const view = render(
      <form onSubmit={onSubmit}>
        <AttachFiles model={{ ...transport, client: clientOf(linksAllowed), app: signal({ parameters }) }} view={{ attachments }} />
      </form>,
    );
    return { attachments, onSubmit, ui: within(view.container instanceof HTMLElement ? view.container : document.body) };
  }

  it('is offered only when the app and the proxy both take remote_url', () => {
    expect(setup(true).ui.getByRole('button', { name: 'Add from a link' }).getAttribute('aria-expanded')).toBe('false');
  });

  it('is not offered when the proxy refuses remote URLs: only the upload, as before', () => {
    const { ui } = setup(false);
    expect(ui.queryByRole('button', { name: 'Add from a link' })).toBeNull();
    expect(ui.getByRole('button', { name: 'Attach files' })).toBeTruthy();
  });

  it('takes a pasted https link with Enter, without sending the message, as a remote_url file', async () => {
    const { ui, attachments, onSubmit } = setup(true);
    fireEvent.click(ui.getByRole('button', { name: 'Add from a link' }));
    const field = ui.getByRole('textbox', { name: 'Link to the file' });
    expect(document.activeElement).toBe(field);
    fireEvent.input(field, { target: { value: 'https://cdn.example/cats/tom.png' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(onSubmit).not.toHaveBeenCalled();
    expect(attachments.value.map((item) => item.file)).toEqual([
      { type: 'image', transfer_method: 'remote_url', url: 'https://cdn.example/cats/tom.png' },
    ]);
    expect(ui.getByRole('listitem').textContent).toContain('tom.png');
    await waitFor(() => expect(ui.queryByRole('textbox', { name: 'Link to the file' })).toBeNull());
    fireEvent.click(ui.getByRole('button', { name: 'Remove tom.png' }));
    expect(attachments.value).toEqual([]);
  });

  it('refuses a link that is not https, or of a type the app does not take, and says why', async () => {
    const { ui, attachments } = setup(true);
    fireEvent.click(ui.getByRole('button', { name: 'Add from a link' }));
    const field = ui.getByRole('textbox', { name: 'Link to the file' });
    fireEvent.input(field, { target: { value: 'http://cdn.example/tom.png' } });
    fireEvent.click(ui.getByRole('button', { name: 'Add' }));
    expect((await ui.findByRole('alert')).textContent).toBe('http://cdn.example/tom.png: Enter a full https:// link to a file.');
    fireEvent.input(field, { target: { value: 'https://cdn.example/report.pdf' } });
    fireEvent.click(ui.getByRole('button', { name: 'Add' }));
    await waitFor(() =>
      expect(ui.getByRole('alert').textContent).toBe('https://cdn.example/report.pdf: This chat doesn’t take this kind of file.'),
    );
    expect(attachments.value).toEqual([]);
  });

  it('is the only way in for an app that takes links only', () => {
    const { ui } = setup(true, {
      file_upload: { enabled: true, allowed_file_types: ['image'], allowed_file_upload_methods: ['remote_url'] },
    });
    expect(ui.getByRole('button', { name: 'Add from a link' })).toBeTruthy();
    expect(ui.queryByRole('button', { name: 'Attach files' })).toBeNull();
  });
});

describe('a file input of the form', () => {
  const parameters = {
    user_input_form: [
      {
        file: {
          variable: 'doc',
          label: 'Document',
          required: true,
          allowed_file_types: ['document'],
          allowed_file_extensions: [],
          allowed_file_upload_methods: ['local_file', 'remote_url'],
        },
      },
      {
        'file-list': {
          variable: 'imgs',
          label: 'Pictures',
          required: false,
          max_length: 2,
          allowed_file_types: ['image'],
          allowed_file_extensions: [],
          allowed_file_upload_methods: ['local_file'],
        },
      },
    ],
  };
  const fields = describeApp({ mode: 'workflow' }, {}, parameters).inputs;

  function setup(linksAllowed = false) {
    vi.stubGlobal('XMLHttpRequest', FakeUpload);
    const values = signal<Record<string, string>>({});
    const uploads = { ...transport, client: clientOf(linksAllowed), app: signal({ parameters }) };
    function Form() {
      const [current, setCurrent] = useState<Record<string, string>>({});
      return (
        <InputsForm
          fields={fields}
          values={current}
          issues={current['doc'] ? {} : { doc: 'required' }}
          onChange={(variable, value) => {
            const next = { ...values.peek(), [variable]: value };
            values.value = next;
            setCurrent(next);
          }}
          uploads={uploads}
        />
      );
    }
    const view = render(<Form />);
    const ui = within(view.container instanceof HTMLElement ? view.container : document.body);
    const choose = (input: HTMLElement, ...files: File[]) => {
      Object.defineProperty(input, 'files', { value: files, configurable: true });
      fireEvent.change(input);
    };
    return { ui, values, choose };
  }

  const pdf = (name: string) => new File(['%PDF'], name, { type: 'application/pdf' });
  const png = (name: string) => new File([new Uint8Array(64)], name, { type: 'image/png' });

  it('is a labelled file control with a picker button, invalid while the required file is missing', async () => {
    const { ui } = setup();
    const input = await ui.findByLabelText(/Document/, { selector: 'input' });
    expect(input.getAttribute('type')).toBe('file');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-required')).toBe('true');
    expect(input.getAttribute('accept')).toContain('.pdf');
    expect(input.hasAttribute('multiple')).toBe(false);
    expect((await ui.findByLabelText(/Pictures/, { selector: 'input' })).hasAttribute('multiple')).toBe(true);
    expect(ui.getByText('Choose a file').tagName).toBe('LABEL');
    expect(ui.getByText('Choose files').tagName).toBe('LABEL');
  });

  it('uploads the chosen file with progress and fills the field with its mapping only once it is uploaded', async () => {
    const { ui, values, choose } = setup();
    choose(await ui.findByLabelText(/Document/, { selector: 'input' }), pdf('brief.pdf'));
    await waitFor(() => expect(FakeUpload.sent).toHaveLength(1));
    FakeUpload.sent[0]?.progress(1, 4);
    await waitFor(() => expect(ui.getByRole('progressbar', { name: 'Uploading brief.pdf' }).getAttribute('value')).toBe('0.25'));
    expect(values.value['doc'] ?? '').toBe('');
    FakeUpload.sent[0]?.answer(201, { id: 'file-1' });
    await waitFor(() =>
      expect(values.value['doc']).toBe(JSON.stringify({ type: 'document', transfer_method: 'local_file', upload_file_id: 'file-1' })),
    );
    expect((await ui.findByLabelText(/Document/, { selector: 'input' })).hasAttribute('aria-invalid')).toBe(false);
    fireEvent.click(ui.getByRole('button', { name: 'Remove brief.pdf' }));
    await waitFor(() => expect(values.value['doc']).toBe(''));
  });

  it('cancels an upload in progress, leaving the field empty', async () => {
    const { ui, values, choose } = setup();
    choose(await ui.findByLabelText(/Document/, { selector: 'input' }), pdf('slow.pdf'));
    await waitFor(() => expect(FakeUpload.sent).toHaveLength(1));
    fireEvent.click(ui.getByRole('button', { name: 'Cancel the upload of slow.pdf' }));
    expect(FakeUpload.sent[0]?.aborted).toBe(true);
    expect(ui.queryByRole('listitem')).toBeNull();
    expect(values.value['doc'] ?? '').toBe('');
  });

  it('refuses a wrong type and more files than the list takes before uploading, and sends a list of mappings', async () => {
    const { ui, values, choose } = setup();
    choose(await ui.findByLabelText(/Pictures/, { selector: 'input' }), pdf('notes.pdf'), png('a.png'), png('b.png'), png('c.png'));
    expect((await ui.findByRole('alert')).textContent).toBe(
      'notes.pdf: This chat doesn’t take this kind of file. c.png: Choose at most 2 files.',
    );
    await waitFor(() => expect(FakeUpload.sent).toHaveLength(2));
    FakeUpload.sent[0]?.answer(201, { id: 'file-a' });
    FakeUpload.sent[1]?.answer(201, { id: 'file-b' });
    await waitFor(() =>
      expect(JSON.parse(values.value['imgs'] ?? '[]')).toEqual([
        { type: 'image', transfer_method: 'local_file', upload_file_id: 'file-a' },
        { type: 'image', transfer_method: 'local_file', upload_file_id: 'file-b' },
      ]),
    );
  });

  it('also takes a link when the field and the proxy allow remote_url', async () => {
    const { ui, values } = setup(true);
    fireEvent.click(await ui.findByRole('button', { name: 'Add from a link' }));
    const field = ui.getByRole('textbox', { name: 'Link to the file' });
    fireEvent.input(field, { target: { value: 'https://cdn.example/brief.pdf' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    await waitFor(() =>
      expect(values.value['doc']).toBe(
        JSON.stringify({ type: 'document', transfer_method: 'remote_url', url: 'https://cdn.example/brief.pdf' }),
      ),
    );
    // Only one link button: the pictures list takes uploads only.
    expect(ui.getAllByRole('button', { name: 'Add from a link' })).toHaveLength(1);
  });
});

/**
 * `file` and `file-list` inputs (dify-api.md §4.1): a mapping for `file`, a list of them for `file-list` (at
 * most its `max_length`), each checked by the file factory against the field's own types and methods.
 */
import { describe, expect, it } from 'vitest';
import { asRecord, call, text, useSimulator } from './support.ts';

const key = 'app-test-file-form';

describe('file inputs of a workflow', () => {
  const simulator = useSimulator({ apps: [{ key, mode: 'workflow', fileInputs: true }] });

  async function upload(name: string, type: string): Promise<string> {
    const body = new FormData();
    body.append('file', new Blob(['%PDF-1.4 hello'], { type }), name);
    body.append('user', 'alice');
    const response = await fetch(`${simulator().url}/files/upload`, { method: 'POST', headers: { Authorization: `Bearer ${key}` }, body });
    expect(response.status).toBe(201);
    return text(await response.json(), 'id');
  }

  async function run(inputs: Record<string, unknown>) {
    return call(simulator(), key, 'POST', '/workflows/run', {
      json: { inputs: { query: 'Summarise', ...inputs }, response_mode: 'blocking', user: 'alice' },
    });
  }

  const refusal = (message: string) => [400, { code: 'invalid_param', message, status: 400 }];

  it('lists the file inputs in /parameters with their types, methods and count', async () => {
    const { body } = await call(simulator(), key, 'GET', '/parameters', { query: { user: 'alice' } });
    const form = asRecord(body)['user_input_form'];
    expect(form).toEqual(
      expect.arrayContaining([
        {
          file: expect.objectContaining({
            variable: 'document',
            required: true,
            allowed_file_upload_methods: ['local_file', 'remote_url'],
          }),
        },
        { 'file-list': expect.objectContaining({ variable: 'pictures', max_length: 3, allowed_file_types: ['image'] }) },
      ]),
    );
  });

  it('runs with an uploaded document as a mapping and a list of uploaded pictures', async () => {
    const document = { type: 'document', transfer_method: 'local_file', upload_file_id: await upload('brief.pdf', 'application/pdf') };
    const picture = { type: 'image', transfer_method: 'local_file', upload_file_id: await upload('cat.png', 'image/png') };
    const { status } = await run({ document, pictures: [picture] });
    expect(status).toBe(200);
  });

  it('takes a document by link, the field allowing remote_url', async () => {
    const { status } = await run({ document: { type: 'document', transfer_method: 'remote_url', url: 'https://example.com/brief.pdf' } });
    expect(status).toBe(200);
  });

  it('refuses a missing required file, a file that is not a mapping and a list that is not a list, with Dify’s messages', async () => {
    expect(await run({}).then(({ status, body }) => [status, body])).toEqual(refusal('document is required in input form'));
    expect(await run({ document: 'brief.pdf' }).then(({ status, body }) => [status, body])).toEqual(
      refusal('document in input form must be a file'),
    );
    const document = { type: 'document', transfer_method: 'local_file', upload_file_id: await upload('brief.pdf', 'application/pdf') };
    expect(await run({ document, pictures: { type: 'image' } }).then(({ status, body }) => [status, body])).toEqual(
      refusal('pictures in input form must be a list of files'),
    );
  });

  it('refuses a single file without transfer_method, and more pictures than max_length', async () => {
    const id = await upload('brief.pdf', 'application/pdf');
    expect(await run({ document: { type: 'document', upload_file_id: id } }).then(({ status, body }) => [status, body])).toEqual(
      refusal('transfer_method is required in file mapping'),
    );
    const document = { type: 'document', transfer_method: 'local_file', upload_file_id: id };
    const pictures = Array.from({ length: 4 }, () => ({ type: 'image', transfer_method: 'remote_url', url: 'https://example.com/a.png' }));
    expect(await run({ document, pictures }).then(({ status, body }) => [status, body])).toEqual(
      refusal('pictures in input form must be less than 3 files'),
    );
  });

  it('refuses a file of a type or by a method the field does not take, and an unknown upload id', async () => {
    const document = { type: 'document', transfer_method: 'local_file', upload_file_id: await upload('brief.pdf', 'application/pdf') };
    expect(await run({ document: { ...document, type: 'video' } }).then(({ status, body }) => [status, body])).toEqual(
      refusal('File validation failed for file: brief.pdf'),
    );
    const linkedDocument = { type: 'document', transfer_method: 'remote_url', url: 'https://example.com/notes.pdf' };
    expect(await run({ document, pictures: [linkedDocument] }).then(({ status, body }) => [status, body])).toEqual(
      refusal('File validation failed for file: notes.pdf'),
    );
    const unknown = { ...document, upload_file_id: crypto.randomUUID() };
    expect(await run({ document: unknown }).then(({ status, body }) => [status, body])).toEqual(refusal('Invalid upload file'));
  });

  it('drops list entries without transfer_method, as Dify’s _is_valid_mapping does', async () => {
    const document = { type: 'document', transfer_method: 'local_file', upload_file_id: await upload('brief.pdf', 'application/pdf') };
    const { status } = await run({ document, pictures: [{ type: 'image', url: 'https://example.com/a.png' }] });
    expect(status).toBe(200);
  });
});

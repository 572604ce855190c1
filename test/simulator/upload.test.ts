import { describe, expect, it } from 'vitest';
import { asArray, asRecord, blockingChat, call, keys, request, text, useSimulator } from './support.ts';

function form(parts: { name: string; filename?: string; type?: string; content: string | Buffer }[]): {
  body: Buffer;
  contentType: string;
} {
  const boundary = `----simulator-test-${crypto.randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const headers = [`Content-Disposition: ${disposition}`, ...(part.type === undefined ? [] : [`Content-Type: ${part.type}`])];
    chunks.push(Buffer.from(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`), Buffer.from(part.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('file upload', () => {
  const simulator = useSimulator({ fileSizeLimitsMb: { image: 1, other: 2 } });

  async function upload(parts: Parameters<typeof form>[0], key: string = keys.chat) {
    const { body, contentType } = form(parts);
    return call(simulator(), key, 'POST', '/files/upload', { body, headers: { 'Content-Type': contentType } });
  }

  const png = { name: 'file', filename: 'cat.png', type: 'image/png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) };

  it('answers 201 with the Dify file object, owned by the form user', async () => {
    const { status, body } = await upload([png, { name: 'user', content: 'alice' }]);
    expect(status).toBe(201);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      name: 'cat.png',
      size: 7,
      extension: 'png',
      mime_type: 'image/png',
      created_by: expect.any(String),
      created_at: expect.any(Number),
    });
    expect(simulator().requests.at(-1)).toMatchObject({
      user: 'alice',
      body: { fields: { user: 'alice' }, files: [{ field: 'file', filename: 'cat.png', mimeType: 'image/png', size: 7 }] },
    });
  });

  it('rejects a form without a file part', async () => {
    const { status, body } = await upload([{ name: 'user', content: 'alice' }]);
    expect([status, body]).toEqual([400, { code: 'no_file_uploaded', message: 'Please upload your file.', status: 400 }]);
  });

  it('rejects more than one file part', async () => {
    const { status, body } = await upload([png, { ...png, name: 'other' }]);
    expect([status, body]).toEqual([400, { code: 'too_many_files', message: 'Only one file is allowed.', status: 400 }]);
  });

  it('rejects a file part without a content type with 415', async () => {
    const { status, body } = await upload([{ name: 'file', filename: 'mystery.bin', content: 'x' }]);
    expect([status, body]).toEqual([415, { code: 'unsupported_file_type', message: 'File type not allowed.', status: 415 }]);
  });

  it('rejects a file part with an empty filename', async () => {
    const { status, body } = await upload([{ name: 'file', filename: '', type: 'application/octet-stream', content: 'x' }]);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'filename_not_exists_error' });
  });

  it('applies the image limit to images and the other limit to documents', async () => {
    const overImage = await upload([{ ...png, content: Buffer.alloc(1024 * 1024 + 1) }]);
    expect(overImage.status).toBe(413);
    expect(overImage.body).toMatchObject({ code: 'file_too_large', status: 413 });
    const documentOfSameSize = await upload([
      { name: 'file', filename: 'notes.pdf', type: 'application/pdf', content: Buffer.alloc(1024 * 1024 + 1) },
    ]);
    expect(documentOfSameSize.status).toBe(201);
    const overOther = await upload([
      { name: 'file', filename: 'notes.pdf', type: 'application/pdf', content: Buffer.alloc(2 * 1024 * 1024 + 1) },
    ]);
    expect(overOther.status).toBe(413);
  });

  it('rejects a body that is not multipart as having no file', async () => {
    const { status, body } = await call(simulator(), keys.chat, 'POST', '/files/upload', { json: { file: 'x' } });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'no_file_uploaded' });
  });

  it('lets a chat message reference an uploaded image, listed in message_files and served by its signed URL', async () => {
    const uploaded = await upload([png, { name: 'user', content: 'alice' }]);
    const fileId = text(uploaded.body, 'id');
    const answer = await blockingChat(simulator(), keys.chat, 'what is in this picture?', {
      files: [{ type: 'image', transfer_method: 'local_file', upload_file_id: fileId }],
    });
    const { body } = await call(simulator(), keys.chat, 'GET', '/messages', {
      query: { user: 'alice', conversation_id: text(answer, 'conversation_id') },
    });
    const files = asArray(asRecord(asArray(asRecord(body)['data'])[0])['message_files']);
    expect(files).toEqual([
      expect.objectContaining({
        upload_file_id: fileId,
        belongs_to: 'user',
        type: 'image',
        filename: 'cat.png',
        transfer_method: 'local_file',
      }),
    ]);
    const image = await fetch(text(files[0], 'url'));
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(png.content);
    const preview = await request(simulator(), keys.chat, 'GET', `/files/${fileId}/preview`);
    expect(preview.status).toBe(200);
  });

  it('rejects a chat file that was not uploaded to this app', async () => {
    const elsewhere = await upload([png], keys.chatRequired);
    for (const uploadFileId of [text(elsewhere.body, 'id'), crypto.randomUUID()]) {
      const { status, body } = await call(simulator(), keys.chat, 'POST', '/chat-messages', {
        json: {
          inputs: {},
          query: 'look',
          user: 'alice',
          files: [{ type: 'image', transfer_method: 'local_file', upload_file_id: uploadFileId }],
        },
      });
      expect([status, body]).toEqual([400, { code: 'invalid_param', message: 'Invalid upload file', status: 400 }]);
    }
  });

  it('answers 404 file_not_found when previewing a file attached to no message', async () => {
    const uploaded = await upload([png]);
    const { status, body } = await call(simulator(), keys.chat, 'GET', `/files/${text(uploaded.body, 'id')}/preview`);
    expect(status).toBe(404);
    expect(body).toMatchObject({ code: 'file_not_found' });
  });
});

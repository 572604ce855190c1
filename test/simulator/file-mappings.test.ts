/**
 * File mappings in `files[]` (dify-api.md §4.1, checklist 13): checked with `type` or else as `custom`, so
 * an image-only app refuses a mapping without `type`; a mapping without `transfer_method`, or a `remote_url`
 * one without `url`, is dropped without an error.
 */
import { describe, expect, it } from 'vitest';
import { asArray, asRecord, call, chatBody, keys, text, useSimulator } from './support.ts';

const picture = 'https://example.com/cat.png';

describe('file mappings on an image-only chat app', () => {
  const simulator = useSimulator();

  async function send(files: unknown[]) {
    return call(simulator(), keys.chat, 'POST', '/chat-messages', { json: chatBody('look', { response_mode: 'blocking', files }) });
  }

  async function filesOf(body: unknown): Promise<unknown[]> {
    const { body: listed } = await call(simulator(), keys.chat, 'GET', '/messages', {
      query: { user: 'alice', conversation_id: text(body, 'conversation_id') },
    });
    return asArray(asRecord(asArray(asRecord(listed)['data'])[0])['message_files']);
  }

  it('accepts an image mapping with type and transfer_method', async () => {
    const { status, body } = await send([{ type: 'image', transfer_method: 'remote_url', url: picture }]);
    expect(status).toBe(200);
    expect(await filesOf(body)).toEqual([expect.objectContaining({ filename: 'cat.png', url: picture, belongs_to: 'user' })]);
  });

  it('checks a mapping without type as custom and refuses it, as it refuses a document', async () => {
    for (const mapping of [
      { transfer_method: 'remote_url', url: picture },
      { type: 'document', transfer_method: 'remote_url', url: picture },
    ]) {
      const { status, body } = await send([mapping]);
      expect([status, body]).toEqual([400, { code: 'invalid_param', message: 'File validation failed for file: cat.png', status: 400 }]);
    }
  });

  it('drops a mapping without transfer_method, or remote_url without url, without an error', async () => {
    const { status, body } = await send([
      { type: 'image', url: picture },
      { type: 'image', transfer_method: 'remote_url' },
    ]);
    expect(status).toBe(200);
    expect(await filesOf(body)).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/api.ts';
import { startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';
import { mintSession } from '../helpers/session.ts';
import { startStubUpstream, type StubUpstream } from '../helpers/stub-upstream.ts';

let upstream: StubUpstream | undefined;
let proxy: RunningProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
  proxy = undefined;
  upstream = undefined;
});

describe('file mappings in a message', () => {
  it.each([
    ['without a type, which Dify would check as custom', { transfer_method: 'local_file', upload_file_id: 'f1' }, 'files.0.type'],
    ['a local_file without its upload id, which Dify would drop', { type: 'image', transfer_method: 'local_file' }, 'upload_file_id'],
    ['a remote_url without its url, which Dify would drop', { type: 'image', transfer_method: 'remote_url' }, 'url'],
  ])('refuses one %s, naming what to add, and sends nothing upstream', async (_case, file, named) => {
    upstream = await startStubUpstream();
    const base = testConfig(upstream.url);
    proxy = await startProxy({ ...base, apps: base.apps.map((app) => ({ ...app, allowRemoteFileUrls: true })) });
    const session = await mintSession(proxy.url);
    const response = await postJson(proxy.url, '/v1/chat-messages', session.token, { query: 'look', inputs: {}, files: [file] });
    expect(response.status).toBe(400);
    const body: unknown = await response.json();
    expect(body).toMatchObject({ code: 'invalid_param', status: 400 });
    expect(JSON.stringify(body)).toContain(named);
    expect(upstream.requests.filter((request) => request.url === '/v1/chat-messages')).toHaveLength(0);
  });
});

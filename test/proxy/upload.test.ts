import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../helpers/listen.ts';
import { startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';
import { bearer, mintSession } from '../helpers/session.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack | undefined;
let proxy: RunningProxy | undefined;
let upstream: Listening | undefined;

afterEach(async () => {
  await stack?.close();
  await proxy?.close();
  await upstream?.close();
  stack = undefined;
  proxy = undefined;
  upstream = undefined;
});

function upload(baseUrl: string, token: string, form: FormData): Promise<Response> {
  return fetch(`${baseUrl}/v1/files/upload`, { method: 'POST', headers: bearer(token), body: form });
}

/** A stand-in for Dify that counts upload requests it began receiving, received completely, and those cut off. */
async function countingUpstream() {
  const counts = { started: 0, complete: 0, aborted: 0 };
  const listening = await listen((req, res) => {
    counts.started += 1;
    req.on('error', () => undefined);
    req.on('aborted', () => {
      counts.aborted += 1;
    });
    req.resume();
    req.on('end', () => {
      counts.complete += 1;
      res.statusCode = 201;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ id: 'f-1' }));
    });
  });
  return { listening, counts };
}

describe('POST /v1/files/upload', () => {
  it('refuses a file over the limit with 413 file_too_large, cutting off the upstream upload', async () => {
    const { listening, counts } = await countingUpstream();
    upstream = listening;
    proxy = await startProxy(testConfig(`${listening.url}/v1`, { limits: { maxUploadMb: 1 } }));
    const session = await mintSession(proxy.url);
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(1024 * 1024 + 1, 7)], { type: 'image/png' }), 'big.png');
    const response = await upload(proxy.url, session.token, form);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'file_too_large', status: 413 });
    expect(counts.complete).toBe(0);
  });

  it('accepts a file just under the limit', async () => {
    stack = await startStack({ limits: { maxUploadMb: 1 } });
    const session = await mintSession(stack.urls.proxy);
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(1024 * 1024, 7)], { type: 'image/png' }), 'fits.png');
    const response = await upload(stack.urls.proxy, session.token, form);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ size: 1024 * 1024, extension: 'png' });
  });

  it('refuses two files, no file and a non-multipart body without completing an upload to Dify', async () => {
    const { listening, counts } = await countingUpstream();
    upstream = listening;
    proxy = await startProxy(testConfig(`${listening.url}/v1`));
    const session = await mintSession(proxy.url);
    const two = new FormData();
    two.append('file', new Blob(['a'], { type: 'text/plain' }), 'a.txt');
    two.append('file', new Blob(['b'], { type: 'text/plain' }), 'b.txt');
    const twoResponse = await upload(proxy.url, session.token, two);
    expect(twoResponse.status).toBe(400);
    expect(await twoResponse.json()).toMatchObject({ code: 'too_many_files' });
    const none = new FormData();
    none.append('note', 'no file here');
    const noneResponse = await upload(proxy.url, session.token, none);
    expect(noneResponse.status).toBe(400);
    expect(await noneResponse.json()).toMatchObject({ code: 'no_file_uploaded' });
    const json = await fetch(`${proxy.url}/v1/files/upload`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...bearer(session.token) },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expect(counts.complete).toBe(0);
  });

  it('streams the file to Dify while the visitor is still sending it', async () => {
    let signalUpstreamSawBytes: () => void = () => undefined;
    const upstreamSawBytes = new Promise<void>((resolve) => {
      signalUpstreamSawBytes = resolve;
    });
    let upstreamBytes = 0;
    upstream = await listen((req, res) => {
      req.on('data', (chunk: Buffer) => {
        upstreamBytes += chunk.length;
        if (upstreamBytes > 256 * 1024) signalUpstreamSawBytes();
      });
      req.on('end', () => {
        res.statusCode = 201;
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ id: 'f-1', size: upstreamBytes }));
      });
    });
    proxy = await startProxy(testConfig(`${upstream.url}/v1`, { limits: { maxUploadMb: 8 } }));
    const session = await mintSession(proxy.url);
    const boundary = 'test-boundary-7f3a';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    const half = Buffer.alloc(1024 * 1024, 1);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    // The second half is only sent once Dify has seen part of the first: a proxy that buffered the
    // whole upload before calling Dify would wait forever here and the test would time out.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
        controller.enqueue(half);
      },
      async pull(controller) {
        await upstreamSawBytes;
        controller.enqueue(half);
        controller.enqueue(tail);
        controller.close();
      },
    });
    const init: RequestInit & { duplex: 'half' } = {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, ...bearer(session.token) },
      body,
      duplex: 'half',
    };
    const response = await fetch(`${proxy.url}/v1/files/upload`, init);
    expect(response.status).toBe(201);
    expect(upstreamBytes).toBeGreaterThan(2 * 1024 * 1024);
  });
});

describe('a multipart body cut off inside its file part', () => {
  const boundary = 'x';
  /** The exact body of the report, with a part type each endpoint takes (speech-to-text takes only Dify's audio types). */
  const cutOff = (type: string) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: ${type}\r\n\r\nhello`);
  const truncated = cutOff('text/plain');
  const complete = Buffer.concat([truncated, Buffer.from(`\r\n--${boundary}--\r\n`)]);

  function post(path: string, token: string, body: Uint8Array): Promise<Response> {
    return fetch(`${proxy?.url ?? ''}/v1/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, ...bearer(token) },
      body: new Uint8Array(body),
    });
  }

  it.each([
    ['files/upload', 'text/plain'],
    ['audio-to-text', 'audio/mp3'],
  ])('on %s is a 400 bad_request and the proxy keeps serving', async (path, type) => {
    const { listening, counts } = await countingUpstream();
    upstream = listening;
    proxy = await startProxy(testConfig(`${listening.url}/v1`));
    const session = await mintSession(proxy.url);
    const response = await post(path, session.token, cutOff(type));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'bad_request', message: expect.any(String), status: 400 });
    expect(counts.complete).toBe(0);
    expect((await fetch(`${proxy.url}/healthz`)).status).toBe(200);
  });

  it("is refused in Dify's error shape when cut at any byte before its closing delimiter", async () => {
    const { listening, counts } = await countingUpstream();
    upstream = listening;
    proxy = await startProxy(
      testConfig(`${listening.url}/v1`, { limits: { requestsPerVisitor: 10_000, requestsPerIp: 10_000, paidCallsPerVisitor: 10_000 } }),
    );
    const session = await mintSession(proxy.url);
    // The CRLF after `--x--` is optional (RFC 2046 §5.1.1): from there on the form is complete.
    const closed = complete.length - 2;
    for (let length = 0; length < closed; length += 1) {
      const response = await post('files/upload', session.token, complete.subarray(0, length));
      expect(await response.json()).toEqual({ code: expect.any(String), message: expect.any(String), status: 400 });
    }
    expect(counts.complete).toBe(0);
    expect((await post('files/upload', session.token, complete.subarray(0, closed))).status).toBe(201);
    expect((await post('files/upload', session.token, complete)).status).toBe(201);
  });
});

describe('POST /v1/audio-to-text', () => {
  it("refuses a recording in a type Dify's speech-to-text does not take, before anything goes upstream", async () => {
    const { listening, counts } = await countingUpstream();
    upstream = listening;
    proxy = await startProxy(testConfig(`${listening.url}/v1`));
    const session = await mintSession(proxy.url);
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(512, 1)], { type: 'audio/webm' }), 'voice.webm');
    const response = await fetch(`${proxy.url}/v1/audio-to-text`, { method: 'POST', headers: bearer(session.token), body: form });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: 'unsupported_audio_type', status: 415 });
    expect(counts.complete).toBe(0);
  });
});

describe('uploads one visitor sends at once', () => {
  it('are at most two: a third waits for a 429 while two slow senders hold theirs, and is accepted once one ends', async () => {
    const { listening, counts } = await countingUpstream();
    upstream = listening;
    proxy = await startProxy(testConfig(`${listening.url}/v1`, { limits: { paidCallsPerVisitor: 1000 } }));
    const session = await mintSession(proxy.url);
    const url = new URL(proxy.url);
    const head = `POST /v1/files/upload HTTP/1.1\r\nHost: proxy\r\nAuthorization: Bearer ${session.token}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000\r\n\r\n--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nslow`;
    // Two visitors' worth of slow senders: headers and the start of the file, then nothing more for now.
    const slow = await Promise.all(
      [1, 2].map(async () => {
        const socket = connect({ host: '127.0.0.1', port: Number(url.port) });
        socket.on('error', () => undefined);
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        socket.write(head);
        return socket;
      }),
    );
    const form = () => {
      const body = new FormData();
      body.append('file', new Blob(['fast'], { type: 'text/plain' }), 'b.txt');
      return body;
    };
    // Both slow uploads are streaming on to Dify, each holding its slot.
    await expect.poll(() => counts.started).toBe(2);
    const refused = await upload(proxy.url, session.token, form());
    expect(await refused.json()).toMatchObject({ code: 'too_many_concurrent_uploads', status: 429 });

    slow[0]?.destroy();
    await expect.poll(async () => (await upload(proxy?.url ?? '', session.token, form())).status).toBe(201);
    expect(counts.complete).toBeGreaterThan(0);
    slow[1]?.destroy();
  });
});

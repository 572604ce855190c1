import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompressDirectory } from '../../scripts/precompress.ts';
import { startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';
import { rawRequest, wireBytes } from '../helpers/raw-http.ts';

let directory: string;
let proxy: RunningProxy;

beforeEach(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'widget-'));
  mkdirSync(path.join(directory, 'chunks'));
  writeFileSync(path.join(directory, 'widget.js'), 'console.log("widget")');
  writeFileSync(path.join(directory, 'chunks', 'panel-abc123.js'), 'export const panel = 1;');
  writeFileSync(path.join(directory, '.secret'), 'nope');
  precompressDirectory(directory);
  proxy = await startProxy(testConfig('http://127.0.0.1:9/v1', { widgetDirectory: directory }));
});

afterEach(async () => {
  await proxy.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('the widget files, compressed', () => {
  it('answers brotli, gzip or plain by Accept-Encoding, from the copies made at build time', async () => {
    for (const file of ['/widget.js', '/widget/chunks/panel-abc123.js']) {
      const original = file === '/widget.js' ? 'console.log("widget")' : 'export const panel = 1;';
      const br = await rawRequest(proxy.url, 'GET', file, { 'Accept-Encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding'], file).toBe('br');
      expect(br.headers['vary'], file).toMatch(/Accept-Encoding/i);
      expect(br.headers['content-type'], file).toMatch(/^text\/javascript/);
      const gzip = await rawRequest(proxy.url, 'GET', file, { 'Accept-Encoding': 'gzip' });
      expect(gzip.headers['content-encoding'], file).toBe('gzip');
      const plain = await rawRequest(proxy.url, 'GET', file, { 'Accept-Encoding': 'identity' });
      expect(plain.headers['content-encoding'], file).toBeUndefined();
      expect(plain.body, file).toBe(original);
      // The compressed bodies decode to the very same script.
      expect(brotliDecompressSync(await wireBytes(`${proxy.url}${file}`, { 'Accept-Encoding': 'br' })).toString('utf8'), file).toBe(
        original,
      );
      expect(gunzipSync(await wireBytes(`${proxy.url}${file}`, { 'Accept-Encoding': 'gzip' })).toString('utf8'), file).toBe(original);
    }
  });

  it('gives widget.js an ETag, so a revalidation after its short cache costs a 304', async () => {
    const first = await rawRequest(proxy.url, 'GET', '/widget.js', { 'Accept-Encoding': 'br' });
    const etag = first.headers['etag'];
    expect(etag).toMatch(/\S/);
    const again = await rawRequest(proxy.url, 'GET', '/widget.js', { 'Accept-Encoding': 'br', 'If-None-Match': String(etag) });
    expect(again.status).toBe(304);
  });
});

describe('the widget files', () => {
  it('serves /widget.js cross-origin with a short cache', async () => {
    const response = await fetch(`${proxy.url}/widget.js`, { headers: { Origin: 'https://any-site.example' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('console.log("widget")');
    expect(response.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves hashed chunks under /widget/ for a year', async () => {
    const response = await fetch(`${proxy.url}/widget/chunks/panel-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('keeps the default same-origin resource policy everywhere else', async () => {
    const response = await fetch(`${proxy.url}/healthz`);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('never serves files outside the widget directory or dotfiles', async () => {
    for (const trick of ['/widget/../package.json', '/widget/%2e%2e/package.json', '/widget/.secret', '/widget/..%2f..%2fetc%2fpasswd']) {
      const response = await rawRequest(proxy.url, 'GET', trick);
      expect(response.status, trick).toBeGreaterThanOrEqual(400);
      expect(response.body).not.toContain('nope');
      expect(response.body).not.toContain('"name": "dify-widget"');
    }
  });

  it('says to run npm run build when the widget is not built', async () => {
    rmSync(path.join(directory, 'widget.js'));
    const response = await fetch(`${proxy.url}/widget.js`);
    expect(response.status).toBe(404);
    const body: unknown = await response.json();
    expect(body).toMatchObject({ code: 'widget_not_built', status: 404 });
    expect(JSON.stringify(body)).toContain('npm run build');
  });
});

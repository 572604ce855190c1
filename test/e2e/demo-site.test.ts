import express from 'express';
import { Window } from 'happy-dom';
import helmet from 'helmet';
import { jwtVerify } from 'jose';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoSiteRouter, strictContentSecurityPolicy } from '../../demo/site/router.ts';
import { listen, type Listening } from '../helpers/listen.ts';

const identitySecret = 'demo-site-test-secret-at-least-32-bytes-long';
const publicDirectory = fileURLToPath(new URL('../../demo/site/public/', import.meta.url));

let server: Listening;
let origin: string;

beforeEach(async () => {
  // Mounted the way the proxy does in demo mode: helmet's defaults first, the demo router at '/'.
  const app = express();
  app.use(helmet());
  app.use('/', createDemoSiteRouter({ identitySecret }));
  server = await listen(app);
  origin = server.url;
});

afterEach(async () => {
  await server.close();
});

const login = (body: string) => fetch(`${origin}/demo/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

describe('demo site backend', () => {
  it('mints an identity token the proxy can verify with IDENTITY_SECRET, carrying sub, name and exp', async () => {
    const response = await login(JSON.stringify({ name: '  Alice  ' }));
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    if (typeof body !== 'object' || body === null || !('identity' in body) || typeof body.identity !== 'string') {
      throw new Error(`unexpected body ${JSON.stringify(body)}`);
    }
    const { payload, protectedHeader } = await jwtVerify(body.identity, new TextEncoder().encode(identitySecret));
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.name).toBe('Alice');
    expect(payload.sub).toMatch(/^demo-alice-[0-9a-f]{8}$/);
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('gives the same name the same subject, so a returning visitor finds their history, and other names another', async () => {
    const subjectOf = async (name: string) => {
      const body: unknown = await (await login(JSON.stringify({ name }))).json();
      return typeof body === 'object' && body !== null && 'sub' in body ? body.sub : undefined;
    };
    const alice = await subjectOf('Alice');
    expect(await subjectOf('alice')).toBe(alice);
    expect(await subjectOf('Bob')).not.toBe(alice);
    expect(await subjectOf('李雷')).not.toBe(await subjectOf('韩梅梅'));
  });

  it('refuses an empty name or a non-JSON body with a Dify-shaped 400', async () => {
    for (const body of [JSON.stringify({ name: '   ' }), JSON.stringify({}), '{not json']) {
      const response = await login(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'invalid_param', status: 400, message: expect.any(String) });
    }
  });

  it('serves the strict-CSP page with its own policy instead of the default one', async () => {
    const response = await fetch(`${origin}/strict-csp`);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toBe(strictContentSecurityPolicy);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(await response.text()).toContain('Works under a strict Content Security Policy');
  });

  it('serves every demo page at a clean URL', async () => {
    for (const path of ['/', '/completion', '/apps', '/features', '/visitor', '/strict-csp', '/assets/site.css', '/assets/site.js']) {
      expect((await fetch(`${origin}${path}`)).status, path).toBe(200);
    }
  });
});

describe('demo pages', () => {
  it('use no inline script, inline style or event-handler attribute, so they work under the proxy CSP', async () => {
    const pages = (await readdir(publicDirectory)).filter((name) => name.endsWith('.html'));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const name of pages) {
      const window = new Window();
      window.document.write(await readFile(`${publicDirectory}${name}`, 'utf8'));
      const elements = [...window.document.querySelectorAll('*')];
      const inlineScripts = elements.filter((element) => element.tagName === 'SCRIPT' && !element.hasAttribute('src'));
      expect(inlineScripts.length, `${name}: inline <script>`).toBe(0);
      expect(window.document.querySelectorAll('style').length, `${name}: <style> element`).toBe(0);
      const forbiddenAttributes = elements.flatMap((element) =>
        element.getAttributeNames().filter((attribute) => attribute === 'style' || attribute.startsWith('on')),
      );
      expect(forbiddenAttributes, `${name}: style or on* attributes`).toEqual([]);
      await window.happyDOM.close();
    }
  });

  it('share one nav that links every page, with exactly the current page marked', async () => {
    const pages = (await readdir(publicDirectory)).filter((name) => name.endsWith('.html'));
    const pathOf = (name: string) => (name === 'index.html' ? '/' : `/${name.replace(/\.html$/, '')}`);
    for (const name of pages) {
      const window = new Window();
      window.document.write(await readFile(`${publicDirectory}${name}`, 'utf8'));
      const links = [...window.document.querySelectorAll('nav.site-nav a')];
      const targets = links.map((link) => link.getAttribute('href'));
      expect(targets, `${name}: nav links`).toEqual(['/', '/completion', '/apps', '/features', '/visitor', '/strict-csp', '/files-voice']);
      expect(links.find((link) => link.getAttribute('href') === '/apps')?.textContent, `${name}: /apps label`).toBe('Every app kind');
      const current = links.filter((link) => link.getAttribute('aria-current') === 'page').map((link) => link.getAttribute('href'));
      expect(current, `${name}: aria-current`).toEqual([pathOf(name)]);
      await window.happyDOM.close();
    }
  });
});

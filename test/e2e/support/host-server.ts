import express from 'express';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const fixtureDirectory = fileURLToPath(new URL('./host-pages/', import.meta.url));

/** A page the host server serves: HTML plus any response headers (a CSP, for instance). */
export interface HostPage {
  html: string;
  headers?: Record<string, string>;
}

/** A third-party site on its own origin that embeds the widget from the proxy. */
export interface HostServer {
  /** Origin of the host site, e.g. http://127.0.0.1:41234 (no trailing slash). */
  origin: string;
  /** Serves `page` at `path` (e.g. '/two-widgets') until the server closes. */
  addPage(path: string, page: HostPage): string;
  /** Serves a fixture from host-pages/ with `__PROXY__` replaced by the proxy origin. */
  addFixture(path: string, fixtureName: string, headers?: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

/** Fills a host page template: `__PROXY__` becomes the proxy origin (no trailing slash). */
export function fillTemplate(template: string, proxyOrigin: string): string {
  return template.replaceAll('__PROXY__', proxyOrigin);
}

/**
 * Starts the "customer's website": a plain express server on an ephemeral loopback port, a
 * different origin from the proxy, so every widget request is really cross-origin (CORS, CORP).
 */
export async function startHostServer(proxyOrigin: string): Promise<HostServer> {
  const pages = new Map<string, HostPage>();
  const app = express();
  app.get('/favicon.ico', (_request, response) => {
    response.status(204).end();
  });
  // Static assets fixtures refer to (external CSS/JS, needed under a strict CSP).
  app.use('/assets', express.static(fileURLToPath(new URL('./host-pages/assets/', import.meta.url))));
  app.use((request, response, next) => {
    const page = pages.get(request.path);
    if (!page) {
      next();
      return;
    }
    for (const [name, value] of Object.entries(page.headers ?? {})) response.setHeader(name, value);
    response.type('html').setHeader('Cache-Control', 'no-store');
    response.send(page.html);
  });

  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('host server has no TCP address');
  const origin = `http://127.0.0.1:${(address satisfies AddressInfo).port}`;

  const addPage = (path: string, page: HostPage): string => {
    pages.set(path, { ...page, html: fillTemplate(page.html, proxyOrigin) });
    return `${origin}${path}`;
  };
  return {
    origin,
    addPage,
    async addFixture(path, fixtureName, headers) {
      const template = await readFile(`${fixtureDirectory}${fixtureName}`, 'utf8');
      return addPage(path, { html: template, headers });
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
